package server

import (
	"net"
	"net/http"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// Defaults of the bounds on failed enrolments.
const (
	// DefaultEnrolFailuresPerAddress is how many failed enrolments one
	// address may make at once, and then in an hour.
	DefaultEnrolFailuresPerAddress = 30
	// DefaultEnrolFailures is the same for every address together.
	DefaultEnrolFailures = 300
	// maxCodeFailures is how many wrong secrets a code takes before it
	// is locked: the next attempt, even with the right secret, is
	// refused and the interviewer asks for a new code.
	maxCodeFailures = 5
	// maxAddresses bounds the addresses remembered; those whose bucket
	// is full again are forgotten first.
	maxAddresses = 4096
)

// enrolLimits bound the failed enrolments one process takes, per
// remote address and in all (golang.org/x/time/rate token buckets):
// each failure takes a token, and an address (or everyone) without one
// is refused before its code is looked at. A code's own failures are
// counted in the storage (enrolment.Failed), so that every process
// sharing a database stops taking it.
type enrolLimits struct {
	mu       sync.Mutex
	all      *rate.Limiter
	per      map[string]*rate.Limiter
	perBurst int
	perRate  rate.Limit
}

func newEnrolLimits(perAddress, all int) *enrolLimits {
	return &enrolLimits{
		all:      rate.NewLimiter(rate.Every(time.Hour/time.Duration(all)), all),
		per:      map[string]*rate.Limiter{},
		perBurst: perAddress,
		perRate:  rate.Every(time.Hour / time.Duration(perAddress)),
	}
}

// allowed reports whether an enrolment from host is looked at.
func (l *enrolLimits) allowed(host string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.all.Tokens() < 1 {
		return false
	}
	lim := l.per[host]
	return lim == nil || lim.Tokens() >= 1
}

// failed counts a failed enrolment from host.
func (l *enrolLimits) failed(host string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.all.Allow()
	lim := l.per[host]
	if lim == nil {
		if len(l.per) >= maxAddresses {
			for h, other := range l.per {
				if other.Tokens() >= float64(l.perBurst) {
					delete(l.per, h)
				}
			}
		}
		lim = rate.NewLimiter(l.perRate, l.perBurst)
		l.per[host] = lim
	}
	lim.Allow()
}

// remoteHost is the address a request comes from, without its port.
// Behind a proxy it is the proxy's: the bound is then on everyone
// behind it, as the bound on all is.
func remoteHost(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}
