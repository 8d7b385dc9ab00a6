package cli

import "runtime/debug"

// Commands that read or write every interview stream them: what they
// keep between two interviews is a few megabytes, and Go's default (a
// collection each time the heap doubles) collects every few interviews,
// a fifth of an export's time. They let the heap grow to three times
// what is live, within a limit that keeps the process's memory far below
// what a laptop has: past it the collector runs as often as it must.
const (
	streamingGCPercent = 200
	streamingHeapLimit = 100 << 20
)

// streaming sets the collector for a command that reads every interview.
func streaming() {
	debug.SetGCPercent(streamingGCPercent)
	debug.SetMemoryLimit(streamingHeapLimit)
}
