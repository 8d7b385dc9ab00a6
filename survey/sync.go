package survey

import (
	"context"
	"errors"

	tea "charm.land/bubbletea/v2"

	"siap/internal/hq"
)

// syncNow syncs with headquarters off the update loop, the home screen
// loading meanwhile, and says on it what went each way.
func syncNow(e *env) (screen, tea.Cmd) {
	l := e.lang
	return homeAfter(e, func() string {
		res, err := hq.Sync(context.Background(), e.st, e.sync)
		var he *hq.Error
		switch {
		case errors.As(err, &he):
			return he.In(l == Indonesian)
		case err != nil:
			return userError(l, err)
		}
		back := res.Received.Added + res.Received.Updated + res.Received.Conflicts
		others := ""
		if res.Others > 0 {
			others = l.T("syncedOthers", res.Others)
		}
		if res.Sent == 0 && back == 0 {
			return l.T("syncedNothing") + others
		}
		return l.T("synced", res.Sent, back) + others
	})
}
