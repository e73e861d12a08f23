/*
 * The built-in credential pack written as YARA rules, for the speed comparison in the bench script
 * (`yara -s rules.yar IMAGE`). Lookarounds, named groups and checksums have no YARA equivalent, so these are the
 * same anchors and bodies without them; every string is matched ascii and wide (UTF-16LE), as dumpguard does.
 */
rule cred_aws_access_key_id { strings: $a = /(AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16}/ ascii wide condition: any of them }
rule cred_aws_secret_access_key { strings: $a = /(aws_?secret(_?access)?_?key|secret_?access_?key)["']?[ \t]{0,4}[:=][ \t]{0,4}["']?[A-Za-z0-9\/+]{40}/ nocase ascii wide condition: any of them }
rule cred_azure_storage_account_key { strings: $a = /AccountKey=[A-Za-z0-9+\/]{86}==/ nocase ascii wide condition: any of them }
rule cred_azure_shared_access_key { strings: $a = /SharedAccessKey=[A-Za-z0-9+\/]{42,43}=/ nocase ascii wide condition: any of them }
rule cred_azure_sas_signature { strings: $a = /sig=([A-Za-z0-9+\/]|%2[BbFf]){43}(=|%3[Dd])/ ascii wide condition: any of them }
rule cred_gcp_private_key { strings: $a = /"private_key"[ \t]{0,4}:[ \t]{0,4}"-----BEGIN (RSA )?PRIVATE KEY-----/ ascii wide condition: any of them }
rule cred_google_api_key { strings: $a = /AIza[0-9A-Za-z_\-]{35}/ ascii wide condition: any of them }
rule cred_vault_token { strings: $a = /hv[sbr]\.[A-Za-z0-9_\-]{24,400}/ ascii wide condition: any of them }
rule cred_heroku { strings: $a = /heroku[A-Za-z0-9_ .\-]{0,24}["']?[ \t]{0,4}[:=][ \t]{0,4}["']?[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}/ nocase ascii wide $b = /HRKU-[0-9A-Za-z_\-]{20,100}/ ascii wide condition: any of them }
rule cred_digitalocean { strings: $a = /do[por]_v1_[a-f0-9]{64}/ ascii wide condition: any of them }
rule cred_datadog { strings: $a = /(datadog|dd)[_\-]?(api|app)[_\-]?key["']?[ \t]{0,4}[:=][ \t]{0,4}["']?[a-f0-9]{32}/ nocase ascii wide condition: any of them }
rule cred_github_token { strings: $a = /gh[pousr]_[A-Za-z0-9]{36}/ ascii wide $b = /github_pat_[0-9A-Za-z]{22}_[0-9A-Za-z]{59}/ ascii wide condition: any of them }
rule cred_gitlab_token { strings: $a = /gl(pat|dt|rt|ptt)-[0-9A-Za-z_\-]{20,100}/ ascii wide condition: any of them }
rule cred_slack { strings: $a = /xox[abeoprs]-[0-9A-Za-z\-]{20,250}/ ascii wide $b = /hooks\.slack\.com\/services\/T[A-Z0-9]{8,12}\/B[A-Z0-9]{8,12}\/[A-Za-z0-9]{24}/ ascii wide condition: any of them }
rule cred_stripe { strings: $a = /[sr]k_live_[0-9A-Za-z]{24,99}/ ascii wide condition: any of them }
rule cred_twilio { strings: $a = /SK[0-9a-f]{32}/ ascii wide $b = /AC[0-9a-f]{32}/ ascii wide condition: any of them }
rule cred_sendgrid { strings: $a = /SG\.[0-9A-Za-z_\-]{22}\.[0-9A-Za-z_\-]{43}/ ascii wide condition: any of them }
rule cred_mailgun { strings: $a = /key-[0-9a-f]{32}/ ascii wide condition: any of them }
rule cred_shopify { strings: $a = /shp(at|ca|pa|ss)_[a-fA-F0-9]{32}/ ascii wide condition: any of them }
rule cred_openai { strings: $a = /sk-(proj-|svcacct-|admin-)?[A-Za-z0-9_\-]{20,156}T3BlbkFJ[A-Za-z0-9_\-]{20,156}/ ascii wide condition: any of them }
rule cred_anthropic { strings: $a = /sk-ant-(api|admin)[0-9]{2}-[A-Za-z0-9_\-]{80,120}AA/ ascii wide condition: any of them }
rule cred_huggingface { strings: $a = /hf_[A-Za-z]{34}/ ascii wide condition: any of them }
rule cred_npm { strings: $a = /npm_[A-Za-z0-9]{36}/ ascii wide $b = /_authToken[ \t]{0,2}=[ \t]{0,2}["']?[\x21-\x7e]{16,512}/ nocase ascii wide condition: any of them }
rule cred_pypi { strings: $a = /pypi-(AgEIcHlwaS5vcmc|AgENdGVzdC5weXBpLm9yZw)[A-Za-z0-9_\-]{50,1000}/ ascii wide condition: any of them }
rule cred_docker_auth { strings: $a = /"auth"[ \t]{0,4}:[ \t]{0,4}"[A-Za-z0-9+\/]{4,1024}={0,2}"/ ascii wide condition: any of them }
rule cred_jwt { strings: $a = /eyJ[A-Za-z0-9_\-]{8,1024}\.eyJ[A-Za-z0-9_\-]{8,8192}\.[A-Za-z0-9_\-]{0,1024}/ ascii wide condition: any of them }
rule cred_http_basic { strings: $a = /basic[ \t]{1,4}[A-Za-z0-9+\/]{4,1024}={0,2}/ nocase ascii wide condition: any of them }
rule cred_http_bearer { strings: $a = /bearer[ \t]{1,4}[A-Za-z0-9._~+\/\-]{16,4096}={0,2}/ nocase ascii wide condition: any of them }
rule cred_url_password { strings: $a = /:\/\/[A-Za-z0-9._~%!$&'()*+,;=\-]{1,128}:[\x21-\x7e]{1,256}@/ ascii wide condition: any of them }
rule cred_connection_string_password { strings: $a = /[;?&][ \t]{0,4}(password|pwd)[ \t]{0,4}=/ nocase ascii wide condition: any of them }
rule cred_password_assignment { strings: $a = /(password|passwd|secret|api[_\-]?key|token)["']?[ \t]{0,4}[:=][ \t]{0,4}["']?[\x21-\x7e]{4,256}/ nocase ascii wide condition: any of them }
rule cred_xml_password { strings: $a = /<(password|passwd|secret|apikey|api_key|token)>[\x21-\x7e]{4,256}<\// nocase ascii wide condition: any of them }
