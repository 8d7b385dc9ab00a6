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

// textNotIndexed says that a command which only reads a file whose
// interviews have no facts yet (it cannot make them) reads every answer
// instead, and how to have them made.
var textNotIndexed = text{
	"wawancara di %s belum diindeks (berkas dari siap sebelumnya atau kuesioner baru), jadi perintah ini membaca setiap jawaban dan lebih lambat; buka siap sekali pada berkas ini untuk mengindeksnya",
	"the interviews in %s are not indexed yet (a file of an earlier siap, or a new questionnaire), so this command reads every answer and is slower; open siap once on this file to index them",
}

// quietFor is how long making the facts goes without a word, and
// slowFrom how many interviews make reading every answer worth a word
// (variables for tests).
var (
	quietFor = 500 * time.Millisecond
	slowFrom = 10000
)

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
	ix := export.NewIndexer(form)
	err := st.SetIndexer(ix, func(done, total int) {
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
	if err != nil {
		return err
	}
	// A read-only open makes no facts: the readers then read every
	// answer, which on a large file is worth saying once.
	if key, err := st.FactsKey(); err == nil && key != ix.Key() {
		if counts, err := st.Counts(); err == nil && counts.Total() >= slowFrom {
			fmt.Fprintln(c.stderr, textNotIndexed.in(c.lang, st.Location()))
		}
	}
	return nil
}
