package store

import "errors"

// readAhead is how many decoded interviews a scan keeps ready for the
// caller: reading and decoding the file (one goroutine) goes on while
// the caller works on those before (another), so that a command reading
// every interview uses two cores, in memory bounded by this many.
const readAhead = 64

// readBatch is how many of them pass from one goroutine to the other at
// a time: one hand-over per interview cost a tenth of a summary's time
// (and a wake-up of the other goroutine each, which a busy machine
// delays).
const readBatch = 16

// errStopped ends a scan whose caller stopped taking interviews.
var errStopped = errors.New("scan stopped")

// readingAhead runs read on a goroutine of its own, which hands each
// value it decodes to send; fn is called with them, in order, on the
// caller's goroutine. The first error fn returns stops the read and is
// returned; otherwise read's. Values sent must not refer to the file's
// mapped pages, which are gone once read returns.
func readingAhead[T any](read func(send func(T) error) error, fn func(T) error) error {
	// Batches filled, in order; the one being filled and the one fn
	// works through are the other two of readAhead/readBatch.
	ready := make(chan []T, readAhead/readBatch-2)
	free := make(chan []T, readAhead/readBatch)
	stop := make(chan struct{})
	var readErr error
	go func() {
		defer close(ready)
		batch := make([]T, 0, readBatch)
		hand := func() error {
			select {
			case ready <- batch:
			case <-stop:
				return errStopped
			}
			select {
			case batch = <-free:
			default:
				batch = make([]T, 0, readBatch)
			}
			return nil
		}
		readErr = read(func(v T) error {
			batch = append(batch, v)
			if len(batch) < readBatch {
				return nil
			}
			return hand()
		})
		// What was read before the end, or before a failure, is fn's too.
		if len(batch) > 0 && !errors.Is(readErr, errStopped) {
			if err := hand(); readErr == nil {
				readErr = err
			}
		}
	}()
	var fnErr error
	for batch := range ready {
		for _, v := range batch {
			if fnErr != nil {
				break // until read sees stop
			}
			if fnErr = fn(v); fnErr != nil {
				close(stop)
			}
		}
		clear(batch) // what the values refer to is not kept
		select {
		case free <- batch[:0]:
		default:
		}
	}
	if fnErr != nil {
		return fnErr
	}
	return readErr
}
