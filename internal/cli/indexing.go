package cli

import (
	"fmt"
	"os"
	"time"

	"github.com/charmbracelet/x/term"

	"siap/export"
	"siap/questionnaires"
	"siap/store"
)

// textIndexing says that siap is making every interview's facts, the
// first time a file or database is opened under its questionnaire.
var textIndexing = text{"menyusun indeks wawancara untuk layar pengawasan: %d dari %d", "indexing the interviews for the supervisor screens: %d of %d"}

// quietFor is how long making the facts goes without a word (a
// variable for tests).
var quietFor = 500 * time.Millisecond

// indexFacts has every write keep the interviews' facts under the
// questionnaire (export.NewIndexer). When they must all be made first
// (a file of an earlier siap, a new questionnaire) and that takes more
// than quietFor, it says so on stderr and how far it got: on a terminal
// one line rewritten, at most five times a second; otherwise a line then
// and one when it ends.
func (c *cli) indexFacts(st store.Interviews, form *questionnaires.Form) error {
	live := false
	if f, ok := c.stderr.(*os.File); ok {
		live = term.IsTerminal(f.Fd())
	}
	var start, last time.Time
	shown := false
	err := st.SetIndexer(export.NewIndexer(form), func(done, total int) {
		now := time.Now()
		switch {
		case start.IsZero():
			start = now
			return
		case !shown && (done == total || now.Sub(start) < quietFor):
			return
		case shown && done < total && (!live || now.Sub(last) < 200*time.Millisecond):
			return
		}
		shown, last = true, now
		line := textIndexing.in(c.lang, done, total)
		if live {
			fmt.Fprintf(c.stderr, "\r%s", line)
			return
		}
		fmt.Fprintln(c.stderr, line)
	})
	if live && shown {
		fmt.Fprintln(c.stderr)
	}
	return err
}
