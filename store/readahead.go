package store

import "errors"

// readAhead is how many decoded interviews a scan keeps ready for the
// caller: reading and decoding the file (one goroutine) goes on while
// the caller works on those before (another), so that a command reading
// every interview uses two cores, in memory bounded by this many.
const readAhead = 64

// errStopped ends a scan whose caller stopped taking interviews.
var errStopped = errors.New("scan stopped")

// readingAhead runs read on a goroutine of its own, which hands each
// value it decodes to send; fn is called with them, in order, on the
// caller's goroutine. The first error fn returns stops the read and is
// returned; otherwise read's. Values sent must not refer to the file's
// mapped pages, which are gone once read returns.
func readingAhead[T any](read func(send func(T) error) error, fn func(T) error) error {
	ready := make(chan T, readAhead)
	stop := make(chan struct{})
	var readErr error
	go func() {
		defer close(ready)
		readErr = read(func(v T) error {
			select {
			case ready <- v:
				return nil
			case <-stop:
				return errStopped
			}
		})
	}()
	var fnErr error
	for v := range ready {
		if fnErr != nil {
			continue // until read sees stop
		}
		if fnErr = fn(v); fnErr != nil {
			close(stop)
		}
	}
	if fnErr != nil {
		return fnErr
	}
	return readErr
}
