package simulate

import (
	"sync"

	"siap/questionnaires"
)

// ahead is how many interviews each worker may make past the one fn is
// given: enough to keep the workers busy while fn writes a batch,
// few enough that what waits stays small.
const ahead = 128

// Stream makes opts.N interviews as Run does, on opts.Workers
// goroutines. Each is turned by prepare into what fn needs on the
// goroutine that made it, and fn is called with both, in the order of
// the interviews, on the caller's goroutine; the first error stops the
// run and is returned. The interviews do not depend on the workers: the
// i-th draws its random numbers from the seed and i, and an interview
// made before those it follows were known is made again, in order, when
// it gave an identifier one of them gave first (as it would not have).
func Stream[T any](form *questionnaires.Form, opts Options, prepare func(Interview) (T, error), fn func(Interview, T) error) error {
	r := newSimulation(form, opts)
	if opts.Workers < 2 {
		for i := range r.groups {
			iv := r.make(i, r.opts.ids)
			r.opts.ids.give(form, iv.Answers)
			t, err := prepare(iv)
			if err == nil {
				err = fn(iv, t)
			}
			if err != nil {
				return err
			}
		}
		return nil
	}
	return r.parallel(opts.Workers, func(iv Interview) (any, error) { return prepare(iv) },
		func(iv Interview, t any) error { return fn(iv, t.(T)) })
}

// made is an interview a worker made, with what prepare made of it and
// the identifiers it took as free.
type made struct {
	iv    Interview
	t     any
	err   error
	asked []uint64
}

// chunk is how many consecutive interviews a worker makes and hands over
// at once: a handover wakes the goroutine waiting for it, which costs
// far more than making one interview on a machine whose cores are busy.
const chunk = 16

// parallel makes the interviews on workers goroutines, a chunk at a
// time, at most ahead*workers of them beyond the one fn has, and hands
// them to fn in order.
func (r *simulation) parallel(workers int, prepare func(Interview) (any, error), fn func(Interview, any) error) error {
	n := len(r.groups)
	chunks := (n + chunk - 1) / chunk
	window := max(2, ahead*workers/chunk)
	// slots[c%window] carries the c-th chunk: with at most window chunks
	// claimed and not yet handed to fn, the one before it in that slot
	// has been taken out.
	slots := make([]chan []made, window)
	for i := range slots {
		slots[i] = make(chan []made, 1)
	}
	room := make(chan struct{}, window)
	for range window {
		room <- struct{}{}
	}
	done := make(chan struct{})
	var next int
	var mu sync.Mutex
	claim := func() (int, bool) {
		select {
		case <-room:
		case <-done:
			return 0, false
		}
		mu.Lock()
		defer mu.Unlock()
		if next == chunks {
			return 0, false
		}
		next++
		return next - 1, true
	}
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for {
				c, ok := claim()
				if !ok {
					return
				}
				out := make([]made, 0, chunk)
				for i := c * chunk; i < min(n, (c+1)*chunk); i++ {
					ids := &identifiers{inFile: r.opts.Taken}
					iv := r.make(i, ids)
					t, err := prepare(iv)
					out = append(out, made{iv: iv, t: t, err: err, asked: ids.asked})
				}
				slots[c%window] <- out
			}
		})
	}
	defer wg.Wait()
	defer close(done)
	for c := range chunks {
		ms := <-slots[c%window]
		for k, m := range ms {
			if r.opts.ids.anyGiven(m.asked) {
				m.iv = r.make(c*chunk+k, r.opts.ids)
				m.t, m.err = prepare(m.iv)
			}
			if m.err != nil {
				return m.err
			}
			r.opts.ids.give(r.form, m.iv.Answers)
			if err := fn(m.iv, m.t); err != nil {
				return err
			}
			ms[k] = made{} // what fn keeps is fn's
		}
		room <- struct{}{}
	}
	return nil
}
