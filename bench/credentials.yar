// The credential rules the benchmark compares against, written as YARA rules (ASCII and UTF-16LE via `wide`).
rule aws_access_key_id { strings: $a = /AKIA[A-Z2-7]{16}/ ascii wide condition: $a }
rule github_token { strings: $a = /gh[pousr]_[A-Za-z0-9]{36}/ ascii wide condition: $a }
rule slack_token { strings: $a = /xox[baprs]-[0-9]{10,13}-[0-9]{10,13}-[A-Za-z0-9]{24}/ ascii wide condition: $a }
rule gitlab_token { strings: $a = /glpat-[A-Za-z0-9_\-]{20}/ ascii wide condition: $a }
rule stripe_key { strings: $a = /[sr]k_live_[A-Za-z0-9]{24,99}/ ascii wide condition: $a }
rule password_assignment { strings: $a = /(password|passwd|secret|token|api_key)[=:][^\s]{8,64}/ nocase ascii wide condition: $a }
rule private_key_pem { strings: $a = "-----BEGIN PRIVATE KEY-----" ascii wide $b = "-----BEGIN RSA PRIVATE KEY-----" ascii wide condition: any of them }
