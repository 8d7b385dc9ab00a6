// Package loadtest holds siap serve's load test (load_test.go): simulated
// interviewers' laptops syncing through headquarters' server processes,
// with one of them killed mid-sync, while two supervisors decide over
// SSH in siap's own screens (ssh_test.go). scripts/load-test.sh runs it against
// a throwaway PostgreSQL; `go test ./...` skips it.
package loadtest
