package survey

import (
	"sync/atomic"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"siap/store"
)

// indexingScreen is shown while every interview's facts are made, the
// first time a file is opened under its questionnaire (a file of an
// earlier siap, a new questionnaire), with the index of the answers the
// home screen counts by: seconds at 10,000 interviews, so
// that it runs in a command, the spinner turning beside how many are
// done, and the screen that was to open comes after.
type indexingScreen struct {
	e     *env
	paths []string
	ix    store.Indexer
	next  func() screen
	// done and total are written by the command as it goes, read when
	// the spinner redraws the screen.
	done, total atomic.Int64
	err         error
}

// indexInCommand is the number of interviews from which their facts are
// made in a command behind indexingScreen: fewer take under half a
// second (about 1 ms each), and the first screen opens at once.
const indexInCommand = 500

// indexedMsg says the facts are made, or why not.
type indexedMsg struct{ err error }

func newIndexingScreen(e *env, paths []string, ix store.Indexer, next func() screen) *indexingScreen {
	return &indexingScreen{e: e, paths: paths, ix: ix, next: next}
}

// indexAnswers has the storage index the answers the home screen counts
// by and Browse lists (listedAnswers).
func indexAnswers(data store.Interviews, paths []string) error {
	if len(paths) == 0 {
		return nil
	}
	return data.IndexAnswers(paths...)
}

func (s *indexingScreen) init() tea.Cmd {
	index := func() tea.Msg {
		if err := indexAnswers(s.e.data, s.paths); err != nil {
			return indexedMsg{err: err}
		}
		err := s.e.data.SetIndexer(s.ix, func(done, total int) {
			s.done.Store(int64(done))
			s.total.Store(int64(total))
		})
		return indexedMsg{err: err}
	}
	return tea.Batch(s.e.startSpinner(), index)
}

func (s *indexingScreen) update(msg tea.Msg) (screen, tea.Cmd) {
	m, ok := msg.(indexedMsg)
	if !ok {
		return s, nil
	}
	if m.err != nil {
		s.err = m.err
		return s, nil
	}
	next := s.next()
	if i, ok := next.(initer); ok {
		return next, i.init()
	}
	return next, nil
}

func (s *indexingScreen) view(width, height int) string {
	l := s.e.lang
	if s.err != nil {
		return s.e.sty.err.Render(wrap(userError(l, s.err), width))
	}
	return s.e.spin.View() + " " + s.e.sty.faint.Render(l.T("indexing", s.done.Load(), s.total.Load()))
}

// working keeps the spinner turning until the facts are made.
func (s *indexingScreen) working() bool { return s.err == nil }

func (s *indexingScreen) ShortHelp() []key.Binding { return []key.Binding{s.e.keys.Quit} }

func (s *indexingScreen) FullHelp() [][]key.Binding { return [][]key.Binding{s.ShortHelp()} }

func (s *indexingScreen) typing() bool { return false }
