module libpolicy.dev/policy

go 1.19
