// Package survey is siap's terminal interface: the home screen, the
// interview, review and browsing, built with Bubble Tea. Every screen is
// a small model with its own update and view; App routes messages to the
// one on show and draws the key hints every screen shares.
package survey

import (
	"strings"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/spinner"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"siap/export"
	"siap/internal/hq"
	"siap/questionnaires"
	"siap/store"
)

// Options are what the interface works with.
type Options struct {
	// Store is a laptop's data file, for the interviewer and the
	// supervisor at their side.
	Store *store.Store
	// Server, instead of Store, is a user's session on a headquarters
	// server (over SSH).
	Server  *Server
	Form    *questionnaires.Form
	FormKey string
	// Now tells the time; nil means time.Now.
	Now func() time.Time
	// LockAfter hides the screen behind the passphrase after this long
	// without a key press; 0 never locks. Only an encrypted data file
	// has a passphrase to lock with.
	LockAfter time.Duration
	// Locale is the language of the user's locale: siap's own words are
	// in it when the form has no language of its own to follow (a form
	// with plain label columns).
	Locale Lang
	// Sync is how "Sync with headquarters" retries a request that got
	// no answer (hq's defaults when zero).
	Sync hq.Options
	// Language, when set, is the user's own choice: siap's words are in
	// it, and the form's labels in the form's language that matches it.
	Language *Lang
}

// Server is a supervisor or headquarters on a server's data. The screens
// are those that read and decide (home, browse, supervise, progress,
// summaries, export); what only a laptop does (new interviews, packs,
// the passphrase, the interviewer's name) is not offered, and every
// interview opens read-only.
type Server struct {
	// Data are the interviews the user may see and decide on: a
	// supervisor's team's (store.OnlyTeam), or all of them.
	Data store.Interviews
	// User is the name decisions and notes are recorded under.
	User string
	// Team are a supervisor's interviewers; nil for headquarters.
	Team []string
	// ExportDir is the folder on the server exports are written in.
	ExportDir string
}

// env is what every screen shares.
type env struct {
	// data are the interviews every screen reads and decides on: the
	// data file's, or a server's (all, or a supervisor's team's).
	data store.Interviews
	// st is the laptop's data file, for what only a laptop does (a new
	// interview, a pack, the passphrase); nil on a server.
	st *store.Store
	// server is the user's session on a server; nil on a laptop.
	server      *Server
	form        *questionnaires.Form
	formKey     string
	lang        Lang
	locale      Lang
	formLang    string
	keys        keyMap
	sty         styles
	interviewer string
	device      string
	width       int
	height      int
	now         func() time.Time
	sync        hq.Options
	// spin turns while a screen reads the data file.
	spin spinner.Model
}

// screen is one of the interface's screens.
type screen interface {
	update(msg tea.Msg) (screen, tea.Cmd)
	// view draws the screen in width x height cells.
	view(width, height int) string
	// ShortHelp is the keys the hint line shows for what the screen is
	// doing now; FullHelp every key the screen answers to, for the help
	// screen. Both come from the env's keyMap.
	help.KeyMap
	// typing reports whether printable keys go to a text field, so that
	// ? is typed rather than opening the help.
	typing() bool
}

// leaver is a screen with something to record before siap quits.
type leaver interface{ leave() }

// languageAware is a screen that redraws its content after a language
// switch.
type languageAware interface{ languageChanged() }

// App is the root model.
type App struct {
	env      *env
	screen   screen
	showHelp bool
	// lock is on show, over the screen, while the app is locked.
	lock      *lockScreen
	lockAfter time.Duration
	lastKey   time.Time
	// typedAhead holds the keys and pastes that came while the screen
	// was loading; they reach it, in order, once it has what it shows.
	typedAhead []tea.Msg
}

// New makes the interface. It asks for the interviewer's name first when
// the data file does not know it yet.
func New(opts Options) (*App, error) {
	now := opts.Now
	if now == nil {
		now = time.Now
	}
	e := &env{st: opts.Store, server: opts.Server, form: opts.Form, formKey: opts.FormKey, sty: newStyles(), now: now, width: 80, height: 24, sync: opts.Sync,
		spin: spinner.New(spinner.WithSpinner(spinner.Line)), locale: opts.Locale}
	if opts.Language != nil {
		e.locale = *opts.Language
	}
	e.setFormLanguage(opts.Form.DefaultLanguage)
	if opts.Language != nil {
		e.chooseLanguage(*opts.Language)
	}
	if opts.Server != nil {
		// The server's user is who decides; they take no interview.
		e.data, e.interviewer = opts.Server.Data, opts.Server.User
	} else {
		e.data = opts.Store
		var err error
		if e.interviewer, err = opts.Store.Setting(store.InterviewerSetting); err != nil {
			return nil, err
		}
		if e.device, err = opts.Store.DeviceID(); err != nil {
			return nil, err
		}
	}
	// The home screen counts interviews by city, and Browse lists them,
	// from the store's index: neither reads the answers.
	paths := listedAnswers(opts.Form)
	a := &App{env: e, lastKey: now()}
	if opts.LockAfter > 0 && e.st != nil && e.st.Encrypted() {
		a.lockAfter = opts.LockAfter
	}
	first := func() screen {
		if e.interviewer == "" {
			return newNameScreen(e)
		}
		return newHome(e, "")
	}
	// Supervise, Progress and Summaries read each interview's facts
	// (quality observations, indicator values) kept by every save. When
	// they must all be made first (a file of an earlier siap, another
	// questionnaire: then the index of answers is made again too), a
	// screen says so while a command makes them.
	ix := export.NewIndexer(opts.Form)
	key, err := e.data.FactsKey()
	if err != nil {
		return nil, err
	}
	if key != ix.Key() {
		counts, err := e.data.Counts()
		if err != nil {
			return nil, err
		}
		if counts.Total() >= indexInCommand {
			a.screen = newIndexingScreen(e, paths, ix, first)
			return a, nil
		}
	}
	if err := indexAnswers(e.data, paths); err != nil {
		return nil, err
	}
	if err := e.data.SetIndexer(ix, nil); err != nil {
		return nil, err
	}
	a.screen = first()
	return a, nil
}

// setFormLanguage switches the questionnaire's language, and siap's own
// words with it.
func (e *env) setFormLanguage(l string) {
	e.formLang = l
	switch {
	case questionnaires.IsIndonesian(l):
		e.lang = Indonesian
	case l == "" && len(e.form.Languages) == 0:
		e.lang = e.locale
	default:
		e.lang = English
	}
	e.useKeys()
}

// chooseLanguage puts the form in its language that matches l, when it
// has one, and siap's own words in l.
func (e *env) chooseLanguage(l Lang) {
	matches := map[Lang]func(string) bool{Indonesian: questionnaires.IsIndonesian, English: questionnaires.IsEnglish}[l]
	for _, fl := range e.form.Languages {
		if matches(fl) {
			e.setFormLanguage(fl)
			break
		}
	}
	e.lang = l
	e.useKeys()
}

// useKeys takes the keys in the interface's language. On a server the
// keys of what only a laptop does are off: they match nothing, and the
// help screen leaves them out.
func (e *env) useKeys() {
	e.keys = newKeyMap(e.lang)
	if e.onServer() {
		e.keys.ChangeName.SetEnabled(false)
	}
}

// onServer reports whether the screens work on a server's data.
func (e *env) onServer() bool { return e.server != nil }

// switchLanguage moves to the form's next language; a form with one
// language or none switches siap's own words only.
func (e *env) switchLanguage() {
	if next, ok := e.nextFormLanguage(); ok {
		e.setFormLanguage(next)
		return
	}
	e.lang = 1 - e.lang
	e.useKeys()
}

// nextFormLanguage is the form's language after the one shown, when it
// has two or more.
func (e *env) nextFormLanguage() (string, bool) {
	langs := e.form.Languages
	if len(langs) < 2 {
		return "", false
	}
	next := langs[0]
	for i, l := range langs {
		if l == e.formLang {
			next = langs[(i+1)%len(langs)]
		}
	}
	return next, true
}

// switchLanguageLabel names the menu's language switch by where it goes:
// the form's next language ("French" of "French (fr)"), or siap's other
// language on a form with one language or none.
func (e *env) switchLanguageLabel() string {
	next, ok := e.nextFormLanguage()
	if !ok {
		return e.lang.T("menuLanguage")
	}
	if i := strings.LastIndex(next, "("); i > 0 {
		next = strings.TrimSpace(next[:i])
	}
	return e.lang.T("menuLanguageTo", next)
}

// initer is a screen with something to start, such as a huh form.
type initer interface{ init() tea.Cmd }

// Init implements tea.Model.
func (a *App) Init() tea.Cmd {
	var cmds []tea.Cmd
	if i, ok := a.screen.(initer); ok {
		cmds = append(cmds, i.init())
	}
	if a.lockAfter > 0 {
		cmds = append(cmds, tickLock())
	}
	return tea.Batch(cmds...)
}

// updateLock handles what locking needs: the idle check, and every key
// while locked. It reports whether the message is dealt with.
func (a *App) updateLock(msg tea.Msg) (tea.Cmd, bool) {
	switch msg := msg.(type) {
	case lockTick:
		if a.lock == nil && a.env.now().Sub(a.lastKey) >= a.lockAfter {
			a.lock, a.showHelp = newLockScreen(a.env), false
		}
		return tickLock(), true
	case tea.KeyPressMsg:
		if a.lock == nil {
			a.lastKey = a.env.now()
			return nil, false
		}
		if key.Matches(msg, a.env.keys.Quit) {
			return a.quit(), true
		}
	case tea.PasteMsg:
		// A paste while locked is the passphrase, never the screen's.
		if a.lock == nil {
			return nil, false
		}
	case unlockResult:
	default:
		return nil, false
	}
	if a.lock == nil {
		return nil, true
	}
	cmd, unlocked, quit := a.lock.update(msg)
	switch {
	case quit:
		return a.quit(), true
	case unlocked:
		a.lock, a.lastKey = nil, a.env.now()
	}
	return cmd, true
}

// quit leaves the screen on show, so that it records what it must, and
// ends the program.
func (a *App) quit() tea.Cmd {
	if l, ok := a.screen.(leaver); ok {
		l.leave()
	}
	return tea.Quit
}

// Update implements tea.Model.
func (a *App) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if cmd, done := a.updateLock(msg); done {
		return a, cmd
	}
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		a.env.width, a.env.height = msg.Width, msg.Height
		return a, nil
	case spinner.TickMsg:
		// The spinner turns while something loads, and stops after.
		if !a.busy() {
			return a, nil
		}
		var cmd tea.Cmd
		a.env.spin, cmd = a.env.spin.Update(msg)
		return a, cmd
	case tea.PasteMsg:
		if a.showHelp {
			return a, nil
		}
		if a.loading() {
			a.typedAhead = append(a.typedAhead, msg)
			return a, nil
		}
	case tea.KeyPressMsg:
		k := a.env.keys
		switch {
		case key.Matches(msg, k.Quit):
			return a, a.quit()
		case a.loading() && key.Matches(msg, k.Home) && !a.showHelp && len(a.typedAhead) == 0:
			// Esc leaves a screen still loading. Typed after other keys
			// that wait for it, it waits too: enter then esc on a home
			// screen still counting opens an interview, then leaves it.
			next, cmd := a.screen.update(msg)
			a.screen = next
			return a, cmd
		case a.loading():
			// Keys typed while the screen loads reach it, in order, once
			// it has loaded.
			a.typedAhead = append(a.typedAhead, msg)
			return a, nil
		case a.showHelp:
			a.showHelp = false
			return a, nil
		case key.Matches(msg, k.Help) && (msg.Text == "" || !a.screen.typing()):
			// While typing, ? is typed; f1, which types nothing, still
			// opens the help.
			a.showHelp = true
			return a, nil
		case key.Matches(msg, k.Language):
			a.env.switchLanguage()
			if l, ok := a.screen.(languageAware); ok {
				l.languageChanged()
			}
			return a, nil
		}
	case quitMsg:
		return a, a.quit()
	}
	next, cmd := a.screen.update(msg)
	a.screen = next
	if a.loading() || len(a.typedAhead) == 0 {
		return a, cmd
	}
	// The screen has loaded: the keys typed meanwhile reach it now (a
	// key that starts another load queues those after it again).
	ahead := a.typedAhead
	a.typedAhead = nil
	cmds := []tea.Cmd{cmd}
	for _, m := range ahead {
		_, c := a.Update(m)
		cmds = append(cmds, c)
	}
	return a, tea.Batch(cmds...)
}

// loader is a screen that reads what it shows off the update loop.
type loader interface {
	// loading reports whether it waits for the data file.
	loading() bool
}

// loading reports whether the screen on show waits for the data file.
func (a *App) loading() bool {
	l, ok := a.screen.(loader)
	return ok && l.loading()
}

// worker is a screen running a long task (an export) that keys other
// than esc do not interrupt.
type worker interface{ working() bool }

// busy reports whether the spinner should turn.
func (a *App) busy() bool {
	w, ok := a.screen.(worker)
	return a.loading() || ok && w.working()
}

// loadingLine is what a screen shows while it reads the data file.
func (e *env) loadingLine() string {
	return e.spin.View() + " " + e.sty.faint.Render(e.lang.T("loading"))
}

// startSpinner starts the spinner with a load.
func (e *env) startSpinner() tea.Cmd { return e.spin.Tick }

// quitMsg asks the app to quit, as the home menu's Quit does.
type quitMsg struct{}

func quit() tea.Msg { return quitMsg{} }

// View implements tea.Model.
func (a *App) View() tea.View {
	v := tea.NewView(a.render())
	v.AltScreen = true
	v.WindowTitle = "siap"
	return v
}

// render draws the screen and the key hint line, fitted to the terminal.
func (a *App) render() string {
	e := a.env
	w, h := max(e.width, 20), max(e.height, 5)
	bindings := append(a.screen.ShortHelp(), e.keys.ShortHelp()...)
	switch {
	case a.lock != nil:
		// Nothing of the interview shows while locked.
		bindings = []key.Binding{e.keys.Confirm, e.keys.Quit}
	case a.showHelp:
		bindings = e.keys.ShortHelp()
	}
	hint := keyLines(bindings, w)
	room := max(1, h-len(hint))
	var body string
	switch {
	case a.lock != nil:
		body = a.lock.view(w)
	case a.showHelp:
		body = a.helpView(w)
	default:
		body = a.screen.view(w, room)
	}
	return fit(body, w, room) + "\n" + strings.Join(hint, "\n")
}

// keyLines lays the key hints out in as many lines of width w as they
// need, never cutting one: every key a screen offers is on screen.
func keyLines(bindings []key.Binding, w int) []string {
	hm := help.New()
	sep := hm.Styles.ShortSeparator.Inline(true).Render(hm.ShortSeparator)
	var lines []string
	cur := ""
	for _, b := range bindings {
		if !b.Enabled() {
			continue
		}
		item := hm.Styles.ShortKey.Inline(true).Render(b.Help().Key) + " " + hm.Styles.ShortDesc.Inline(true).Render(b.Help().Desc)
		switch {
		case cur == "":
			cur = item
		case lipgloss.Width(cur+sep+item) <= w:
			cur += sep + item
		default:
			lines = append(lines, cur)
			cur = item
		}
	}
	return append(lines, truncate(cur, w))
}

// helpView lists the screen's keys, then every key.
func (a *App) helpView(w int) string {
	e := a.env
	hm := help.New()
	hm.SetWidth(w)
	var b strings.Builder
	b.WriteString(e.sty.title.Render(e.lang.T("help")) + "\n\n")
	// The screen's own keys first: some (approve, send back, group by)
	// exist on one screen only.
	b.WriteString(e.sty.section.Render(e.lang.T("helpHere")) + "\n")
	b.WriteString(hm.FullHelpView(a.screen.FullHelp()) + "\n")
	b.WriteString(e.sty.section.Render(e.lang.T("helpAll")) + "\n")
	b.WriteString(hm.FullHelpView(e.keys.FullHelp()))
	return b.String()
}

// fit cuts or pads text to exactly h lines of at most w cells.
func fit(s string, w, h int) string {
	lines := strings.Split(s, "\n")
	if len(lines) > h {
		lines = lines[:h]
	}
	for i, l := range lines {
		if lipgloss.Width(l) > w {
			lines[i] = truncate(l, w)
		}
	}
	for len(lines) < h {
		lines = append(lines, "")
	}
	return strings.Join(lines, "\n")
}
