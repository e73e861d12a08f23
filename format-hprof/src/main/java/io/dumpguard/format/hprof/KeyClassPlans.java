package io.dumpguard.format.hprof;

import io.dumpguard.core.error.InputRefusedException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * For one dump: which classes are key classes (by name and super class chain, {@link KeyClassRules}), and for
 * each of them where its reference fields lie in an instance's data and what role each one has; plus where
 * {@code BigInteger.mag} lies. Built from the class registry with two name look-ups (class names, then the field
 * names of the few classes that matter).
 */
final class KeyClassPlans {
    /** A key class: the rule that made it one and its reference fields (offset in instance data, role). */
    record Plan(KeyClassRules.Rule rule, String className, int[] refOffsets, KeyRole[] roles, String[] fieldNames) {
    }

    final List<Plan> plans = new ArrayList<>();
    /** class id -> index in {@link #plans} */
    final LongIntMap planByClass = new LongIntMap(64);
    /** BigInteger class id -> offset of {@code mag} in its instance data */
    final LongIntMap bigIntegerMagnitude = new LongIntMap(4);

    static KeyClassPlans build(ClassRegistry classes, HprofWalker walker, HprofInput in, int idSize)
            throws InputRefusedException {
        KeyClassPlans p = new KeyClassPlans();
        int n = classes.count();
        LongIntMap wantedClassNames = new LongIntMap(n);
        for (int c = 0; c < n; c++) {
            long nameId = classes.nameId(classes.classId(c));
            if (nameId != 0) {
                wantedClassNames.put(nameId, 1);
            }
        }
        Map<Long, String> names = NameResolver.resolve(walker, in, wantedClassNames);
        String[] className = new String[n];
        for (int c = 0; c < n; c++) {
            String s = names.get(classes.nameId(classes.classId(c)));
            className[c] = s == null ? null : s.replace('/', '.');
        }
        // key classes: the first rule along the super chain; and BigInteger
        KeyClassRules.Rule[] rule = new KeyClassRules.Rule[n];
        List<Integer> relevant = new ArrayList<>();
        for (int c = 0; c < n; c++) {
            int steps = 0;
            for (int a = c; a >= 0 && steps++ <= n; a = classes.superIndex(a)) {
                KeyClassRules.Rule r = className[a] == null ? null : KeyClassRules.byRoot(className[a]);
                if (r != null) {
                    rule[c] = r;
                    break;
                }
            }
            if (rule[c] != null || KeyClassRules.BIG_INTEGER.equals(className[c])) {
                relevant.add(c);
            }
        }
        // names of the instance fields of those classes and their super classes
        LongIntMap wantedFields = new LongIntMap(64);
        for (int c : relevant) {
            for (int a = c; a >= 0; a = classes.superIndex(a)) {
                long f = classes.fieldsOffset(a);
                for (int i = 0; i < classes.fieldCount(a); i++, f += idSize + 1) {
                    long nameId = in.id(f, idSize, "CLASS_DUMP field name");
                    if (nameId != 0) {
                        wantedFields.put(nameId, 1);
                    }
                }
            }
        }
        Map<Long, String> fieldNames = NameResolver.resolve(walker, in, wantedFields);
        for (int c : relevant) {
            List<Integer> offsets = new ArrayList<>();
            List<KeyRole> roles = new ArrayList<>();
            List<String> fieldList = new ArrayList<>();
            int offset = 0;
            int mag = -1;
            for (int a = c; a >= 0; a = classes.superIndex(a)) {
                long f = classes.fieldsOffset(a);
                for (int i = 0; i < classes.fieldCount(a); i++, f += idSize + 1) {
                    String field = fieldNames.get(in.id(f, idSize, "CLASS_DUMP field name"));
                    int type = in.u1(f + idSize, "CLASS_DUMP field type");
                    if (type == HprofTags.OBJECT) {
                        if (rule[c] != null) {
                            offsets.add(offset);
                            fieldList.add(field == null ? "?" : field);
                            roles.add(field == null || className[a] == null ? KeyRole.GENERIC
                                    : rule[c].role(className[a], field));
                        } else if (KeyClassRules.BIG_INTEGER_MAGNITUDE.equals(field) && a == c) {
                            mag = offset;
                        }
                    }
                    offset += HprofTags.typeSize(type, idSize);
                }
            }
            if (rule[c] != null) {
                p.planByClass.put(classes.classId(c), p.plans.size());
                p.plans.add(new Plan(rule[c], className[c], offsets.stream().mapToInt(Integer::intValue).toArray(),
                        roles.toArray(KeyRole[]::new), fieldList.toArray(String[]::new)));
            } else if (mag >= 0) {
                p.bigIntegerMagnitude.put(classes.classId(c), mag);
            }
        }
        return p;
    }
}
