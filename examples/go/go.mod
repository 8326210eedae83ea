module libpolicy.dev/examples/claims

go 1.19

require libpolicy.dev/policy v0.0.0

replace libpolicy.dev/policy => ../../bindings/go
