package export

import (
	"bufio"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/gocarina/gocsv"
	"github.com/sourcegraph/conc/stream"

	"siap/questionnaires"
	"siap/questionnaires/interview"
	"siap/store"
)

// Options choose what an export holds.
type Options struct {
	// Statuses to export; nil means store.Finished.
	Statuses []store.Status
	// City keeps only interviews of this summary_by code.
	City string
	// Simulated says whether simulated interviews are exported; by
	// default only while the file has no real ones.
	Simulated Simulated
	// Labels writes choice labels instead of codes.
	Labels bool
	// IncludePII keeps personal-data questions (the form's pii column).
	IncludePII bool
	// Excel prepares the CSV files for Excel on Windows: a byte-order
	// mark, which Excel needs to read UTF-8, and an apostrophe before
	// typed text that Excel would run as a formula (=, +, -, @). The
	// scripts and codes are written as ever.
	Excel bool
	// XLSX also writes data.xlsx: every table and the codebook as
	// sheets, numbers as numbers and everything else as text.
	XLSX bool
	// Language of labels; "" means the form's default language.
	Language string
	// Names is how question columns are named: NamesSiap (the
	// question's name), NamesODK or NamesKobo (with the groups' names,
	// as those tools' exports write them).
	Names Names
	// Context, when set, stops the export once it is cancelled; Run then
	// returns an error that errors.Is context.Canceled.
	Context context.Context
	// Progress, when set, is called after each interview the export has
	// read (exported or not), with how many it has read so far.
	Progress func(read int)
}

// Result says what an export wrote.
type Result struct {
	Dir        string
	Files      []string
	Interviews int
	Flags      int
	// SimulatedIn counts the simulated interviews exported, and
	// SimulatedLeft those of the statuses exported that the rule
	// (Options.Simulated) left out.
	SimulatedIn, SimulatedLeft int
}

// Run writes the export of a data file's interviews into dir.
func Run(st store.Interviews, form *questionnaires.Form, dir string, opts Options) (Result, error) {
	res := Result{Dir: dir}
	if opts.Statuses == nil {
		opts.Statuses = store.Finished
	}
	if opts.Language == "" {
		opts.Language = form.DefaultLanguage
	}
	ctx := opts.Context
	if ctx == nil {
		ctx = context.Background()
	}
	if err := ctx.Err(); err != nil {
		return res, fmt.Errorf("export to %s: %w", dir, err)
	}
	hash, err := st.KeyedHasher()
	if err != nil {
		return res, err
	}
	final := dir
	if dir, err = stage(final); err != nil {
		return res, err
	}
	defer os.RemoveAll(dir) // gone once published; what is left of a failed export

	w := &writer{form: form, formKey: store.FormKey(form.Source, form.Attachments), opts: opts, plan: newPlan(form, opts.IncludePII, opts.Names), hash: hash, forms: map[string]*questionnaires.Form{}}
	w.quality = newQuality(form, hash)
	w.quality.keepFlags()
	defer w.quality.close()
	simulated, err := opts.Simulated.Takes(st, opts.Statuses)
	if err != nil {
		return res, err
	}
	if err := w.open(dir); err != nil {
		w.close()
		return res, fmt.Errorf("export to %s: %w", final, err)
	}
	// An interview that cannot be read is left out and named; the others
	// are exported.
	var unread []string
	read := 0
	// Each interview is restored in the engine (its calculations and
	// relevance: most of an export's work) on one of several goroutines,
	// and written, one at a time and in the file's order, by the
	// callback its restore returns.
	restoring := stream.New().WithMaxGoroutines(2 * runtime.GOMAXPROCS(0))
	var failed writeFailure
	err = EachWithEvents(st, func(iv store.Interview, vals map[string]string, events []store.Event) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := failed.get(); err != nil {
			return err
		}
		read++
		if opts.Progress != nil {
			opts.Progress(read)
		}
		left := iv.Simulated && !simulated
		if left && slices.Contains(opts.Statuses, iv.Status) {
			res.SimulatedLeft++
		}
		if !slices.Contains(opts.Statuses, iv.Status) || left || opts.City != "" && vals[form.SummaryBy] != opts.City {
			// Not exported, but compared with those that are: a NIK
			// shared with it is still shared.
			restoring.Go(func() stream.Callback {
				return func() {
					if failed.get() == nil {
						failed.set(w.quality.observe(iv, vals, events, false))
					}
				}
			})
			return nil
		}
		res.Interviews++
		if iv.Simulated {
			res.SimulatedIn++
		}
		ivForm, err := w.formFor(st, iv)
		if err != nil {
			return err
		}
		restoring.Go(func() stream.Callback {
			state := interview.Restore(ivForm, interview.Meta{}, vals)
			return func() {
				if failed.get() == nil {
					failed.set(w.interview(iv, state, vals, events))
				}
			}
		})
		return nil
	})
	restoring.Wait()
	if werr := failed.get(); werr != nil {
		err = werr
	}
	var damaged *store.DamagedInterviewsError
	if errors.As(err, &damaged) {
		unread, err = append(damaged.IDs, unread...), nil
	}
	if err == nil {
		err = w.finish(dir)
	}
	if cerr := w.close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = publish(dir, final)
	}
	if err != nil {
		return res, fmt.Errorf("export to %s: %w; nothing was written there", final, err)
	}
	for _, f := range w.files {
		res.Files = append(res.Files, filepath.Join(final, f.name))
	}
	for _, name := range w.extraFiles {
		res.Files = append(res.Files, filepath.Join(final, name))
	}
	res.Flags = w.quality.rows()
	if len(unread) > 0 {
		first := error(errors.New("its paradata cannot be read"))
		if damaged != nil {
			first = damaged.First
		}
		return res, &store.DamagedInterviewsError{Path: st.Location(), IDs: unread, First: first}
	}
	return res, nil
}

// outFile is one file being written.
type outFile struct {
	name string
	f    *os.File
	buf  *bufio.Writer
	csv  *csv.Writer
}

type writer struct {
	form     *questionnaires.Form
	opts     Options
	plan     *plan
	hash     func(string) string
	quality  *quality
	files    []*outFile
	tables   map[*table]*outFile
	para     *outFile
	paraRow  []string // a paradata row being written, reused
	notesCSV *gocsv.SafeCSVWriter
	forms    map[string]*questionnaires.Form
	formKey  string // the key of form, worked out once
	row      []string
	vars     []variable // every exported column, described; see variables
	// numeric says, by table and column, which columns hold numbers;
	// freeText which hold what people typed.
	numeric, freeText map[*table][]bool
	metaNodes         []*questionnaires.Node // the form's metadata (start, end), found once
	excel             []string               // the row as written for Excel
	// book is data.xlsx when asked for, with a sheet per table.
	book       *workbook
	sheets     map[*table]*sheet
	extraFiles []string
}

func (w *writer) create(dir, name string) (*outFile, error) {
	// Exports may hold personal data: readable by their owner only.
	f, err := os.OpenFile(filepath.Join(dir, name), os.O_RDWR|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return nil, err
	}
	o := &outFile{name: name, f: f, buf: bufio.NewWriterSize(f, 64<<10)}
	// Only Excel needs the mark, and only on the CSV files: R's source()
	// and Stata's do stop at it.
	if w.opts.Excel && filepath.Ext(name) == ".csv" {
		o.buf.WriteString("\ufeff")
	}
	o.csv = csv.NewWriter(o.buf)
	w.files = append(w.files, o)
	return o, nil
}

func (w *writer) open(dir string) error {
	w.tables = map[*table]*outFile{}
	for _, t := range w.plan.tables {
		o, err := w.create(dir, t.file)
		if err != nil {
			return err
		}
		w.tables[t] = o
		header := make([]string, len(t.cols))
		for i, c := range t.cols {
			header[i] = c.name
		}
		if err := o.csv.Write(header); err != nil {
			return err
		}
	}
	w.numeric, w.freeText = map[*table][]bool{}, map[*table][]bool{}
	for _, v := range w.variables() {
		w.numeric[v.table] = append(w.numeric[v.table], v.numeric)
		w.freeText[v.table] = append(w.freeText[v.table], v.freeText)
	}
	if w.opts.XLSX {
		if err := w.openWorkbook(dir); err != nil {
			return err
		}
	}
	o, err := w.create(dir, "paradata.csv")
	if err != nil {
		return err
	}
	w.para = o
	if err := o.csv.Write(paradataHeader); err != nil {
		return err
	}
	n, err := w.create(dir, "notes.csv")
	if err != nil {
		return err
	}
	w.notesCSV = gocsv.NewSafeCSVWriter(n.csv)
	return gocsv.MarshalCSV([]noteRow{}, w.notesCSV)
}

func (w *writer) close() error {
	var first error
	for _, o := range w.files {
		o.csv.Flush()
		if err := o.csv.Error(); err != nil && first == nil {
			first = err
		}
		if err := o.buf.Flush(); err != nil && first == nil {
			first = err
		}
		// On disk before the export is published.
		if err := o.f.Sync(); err != nil && first == nil {
			first = err
		}
		if err := o.f.Close(); err != nil && first == nil {
			first = err
		}
	}
	if w.book != nil {
		if err := w.book.close(); err != nil && first == nil {
			first = err
		}
		w.book = nil
	}
	w.files = w.files[:len(w.files):len(w.files)]
	return first
}

// formFor is the questionnaire an interview was taken with. One that
// cannot be read is an error: read with another version of the form, the
// interview's answers could land in the wrong columns.
func (w *writer) formFor(st store.Interviews, iv store.Interview) (*questionnaires.Form, error) {
	key := iv.FormKey
	if key == w.formKey || key == "" {
		return w.form, nil
	}
	if f, ok := w.forms[key]; ok {
		return f, nil
	}
	src, err := st.Form(key)
	if err != nil {
		return nil, fmt.Errorf("the questionnaire of interview %s: %w", iv.ID, err)
	}
	f, err := questionnaires.ParseKept(src.Name, src.Data, src.Files)
	if err != nil {
		return nil, fmt.Errorf("the questionnaire of interview %s (%s, version %s) cannot be read: %w", iv.ID, src.ID, src.Version, err)
	}
	w.forms[key] = f
	return f, nil
}

// writeFailure keeps the first error of the callbacks that write, for
// the goroutine reading the file to stop at.
type writeFailure struct {
	mu    sync.Mutex
	first error
}

func (f *writeFailure) set(err error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.first == nil {
		f.first = err
	}
}

func (f *writeFailure) get() error {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.first
}

// interview writes one interview's rows in every table and its paradata,
// from its state restored in the engine.
func (w *writer) interview(iv store.Interview, state *interview.State, answers map[string]string, events []store.Event) error {
	// The stored answers, as the supervisor's screen checks them.
	if err := w.quality.observe(iv, answers, events, true); err != nil {
		return err
	}
	if err := w.mainRow(iv, state, events); err != nil {
		return err
	}
	if err := w.repeatRows(iv, state); err != nil {
		return err
	}
	if err := w.notes(iv); err != nil {
		return err
	}
	return w.paradata(iv, events)
}

func (w *writer) mainRow(iv store.Interview, state *interview.State, events []store.Event) error {
	t := w.plan.main
	w.row = w.row[:0]
	meta := w.metaValues(state)
	for _, c := range t.cols {
		switch c.kind {
		case keyColumn:
			w.row = append(w.row, iv.ID)
		case metaColumn:
			w.row = append(w.row, w.meta(c.meta, iv, meta, events))
		default:
			w.row = append(w.row, w.cell(c, state, ""))
		}
	}
	return w.writeRow(t)
}

// metaValues are the values of the form's metadata (start, end) in an
// interview, by path, as Times and Minutes read them.
func (w *writer) metaValues(state *interview.State) map[string]string {
	if w.metaNodes == nil {
		w.metaNodes = []*questionnaires.Node{}
		for _, n := range w.form.Nodes {
			if n.Kind == questionnaires.Metadata {
				w.metaNodes = append(w.metaNodes, n)
			}
		}
	}
	out := make(map[string]string, len(w.metaNodes))
	for _, n := range w.metaNodes {
		if v := state.Value(n.Key); v != "" {
			out[n.Key] = v
		}
	}
	return out
}

// writeRow writes w.row to the table's CSV file and, when asked for, its
// sheet of data.xlsx.
func (w *writer) writeRow(t *table) error {
	for i, numeric := range w.numeric[t] {
		if numeric {
			w.row[i] = numberCell(w.row[i])
		}
	}
	row := w.row
	if w.opts.Excel {
		row = w.excelRow(t)
	}
	if err := w.tables[t].csv.Write(row); err != nil {
		return err
	}
	if w.book != nil {
		return w.sheets[t].write(w.row)
	}
	return nil
}

// openWorkbook starts data.xlsx with a sheet per table, knowing which
// columns hold numbers.
func (w *writer) openWorkbook(dir string) error {
	book, err := newWorkbook(dir)
	if err != nil {
		return err
	}
	w.book, w.sheets = book, map[*table]*sheet{}
	for _, t := range w.plan.tables {
		header := make([]string, len(t.cols))
		for i, c := range t.cols {
			header[i] = c.name
		}
		s, err := book.add(t.file, header, w.numeric[t])
		if err != nil {
			return err
		}
		w.sheets[t] = s
	}
	return nil
}

// repeatRows writes a row per instance of every repeat.
func (w *writer) repeatRows(iv store.Interview, state *interview.State) error {
	for _, it := range state.Items() {
		if it.Node.Kind != questionnaires.Repeat || it.Prompt || !it.Relevant {
			continue
		}
		t := w.plan.byRep[it.Node.Base()]
		if t == nil {
			continue
		}
		var inst []string
		for _, i := range it.Instance {
			inst = append(inst, strconv.Itoa(i))
		}
		key, parentKey := instanceKey(iv.ID, it.Node, it.Instance), iv.ID
		if outer := it.Node.InRepeat(); outer != nil && len(it.Instance) > 1 {
			parentKey = instanceKey(iv.ID, outer, it.Instance[:len(it.Instance)-1])
		}
		w.row = w.row[:0]
		for _, c := range t.cols {
			switch c.kind {
			case parentColumn:
				w.row = append(w.row, iv.ID)
			case instanceColumn:
				w.row = append(w.row, strings.Join(inst, "/"))
			case keyColumn:
				w.row = append(w.row, key)
			case parentKeyColumn:
				w.row = append(w.row, parentKey)
			case loopChoiceColumn:
				w.row = append(w.row, it.Node.List.Choices[it.Instance[len(it.Instance)-1]-1].Name)
			default:
				w.row = append(w.row, w.cell(c, state, it.Path+"/"))
			}
		}
		if err := w.writeRow(t); err != nil {
			return err
		}
	}
	return nil
}

// instanceKey is a repeat instance's KEY as ODK Central writes it: the
// interview's instance id, then every group and repeat around the row
// from the top, a repeat with its 1-based position
// (uuid:…/household/members[1]/phones[2]).
func instanceKey(id string, repeat *questionnaires.Node, instance []int) string {
	var chain []*questionnaires.Node
	for n := repeat; n != nil && n.Parent != nil; n = n.Parent {
		chain = append(chain, n)
	}
	slices.Reverse(chain)
	var b strings.Builder
	b.WriteString(id)
	level := 0
	for _, n := range chain {
		b.WriteString("/" + n.Name)
		if n.Kind == questionnaires.Repeat && level < len(instance) {
			fmt.Fprintf(&b, "[%d]", instance[level])
			level++
		}
	}
	return b.String()
}

// cell is one question's column for an interview, from its values as
// the engine computed them (empty where not relevant); prefix is the
// repeat instance's path for a repeat table.
func (w *writer) cell(c column, state *interview.State, prefix string) string {
	v := state.Value(prefix + c.node.Key)
	switch c.kind {
	case dummyColumn:
		if v == "" {
			return ""
		}
		if slices.Contains(strings.Fields(v), c.choice.Name) {
			return "1"
		}
		return "0"
	case hashColumn:
		if v == "" {
			return ""
		}
		return w.hash(v)
	}
	if w.opts.Labels && c.node.List != nil && v != "" {
		var labels []string
		for _, code := range strings.Fields(v) {
			label := code
			if ch := c.node.List.Choice(code); ch != nil {
				if l := ch.Label.PlainIn(w.opts.Language, w.form.DefaultLanguage); l != "" {
					label = l
				}
			}
			labels = append(labels, label)
		}
		return strings.Join(labels, "; ")
	}
	return v
}

func (w *writer) meta(m string, iv store.Interview, vals map[string]string, events []store.Event) string {
	switch m {
	case "id":
		return iv.ID
	case "status":
		return string(iv.Status)
	case "interviewer":
		return iv.Interviewer
	case "start":
		start, _ := Times(w.form, iv, vals)
		return start.Format("2006-01-02T15:04:05Z07:00")
	case "end":
		if iv.Status == store.Draft {
			return ""
		}
		_, end := Times(w.form, iv, vals)
		return end.Format("2006-01-02T15:04:05Z07:00")
	case "duration_min":
		if iv.Status == store.Draft {
			return ""
		}
		return strconv.FormatFloat(Minutes(w.form, iv, vals, events), 'f', 1, 64)
	case "form_version":
		return iv.FormVersion
	case "simulated":
		if iv.Simulated {
			return "1"
		}
		return "0"
	}
	return ""
}

// paradataHeader names the columns of paradata.csv.
var paradataHeader = []string{"interview_id", "seq", "time", "event", "question", "old_value", "new_value", "detail", "by"}

// paradata writes an interview's events to paradata.csv, a row each.
// They are most of an export's rows: each is written straight to the CSV
// writer, through one reused row.
func (w *writer) paradata(iv store.Interview, events []store.Event) error {
	row := w.paraRow[:0]
	for i, e := range events {
		old, nw, detail, who := e.Old, e.New, e.Detail, e.Who
		if n := w.form.NodeAt(e.Path); n != nil && n.IsPII() && !w.opts.IncludePII {
			old, nw = hidden(old), hidden(nw)
		}
		if w.opts.Excel {
			if n := w.form.NodeAt(e.Path); n == nil || typedText(n) {
				old, nw = excelText(old), excelText(nw)
			}
			detail, who = excelText(detail), excelText(who)
		}
		row = append(row[:0], iv.ID, strconv.Itoa(i+1), paradataTime(e.Time), e.Kind, e.Path, old, nw, detail, who)
		if err := w.para.csv.Write(row); err != nil {
			return err
		}
	}
	w.paraRow = row
	return nil
}

// paradataTime writes an event's time as paradata.csv gives it, in UTC
// to the millisecond (2006-01-02T15:04:05.000Z), as time.Format would
// for years 0 to 9999: it is every paradata row's, and this costs a
// fifth of Format.
func paradataTime(t time.Time) string {
	t = t.UTC()
	year, month, day := t.Date()
	if year < 0 || year > 9999 {
		return t.Format("2006-01-02T15:04:05.000Z")
	}
	hour, minute, sec := t.Clock()
	b := []byte("0000-00-00T00:00:00.000Z")
	digits := func(at, n, v int) {
		for i := at + n - 1; i >= at; i-- {
			b[i] = byte('0' + v%10)
			v /= 10
		}
	}
	digits(0, 4, year)
	digits(5, 2, int(month))
	digits(8, 2, day)
	digits(11, 2, hour)
	digits(14, 2, minute)
	digits(17, 2, sec)
	digits(20, 3, t.Nanosecond()/1e6)
	return string(b)
}

// noteRow is one line of notes.csv: a note on a question.
type noteRow struct {
	Interview string `csv:"interview_id"`
	Path      string `csv:"question"`
	Note      string `csv:"note"`
	By        string `csv:"by"`
	Time      string `csv:"time"`
}

// notes writes an interview's notes on questions, in path order. A note
// on a personal-data question may name the person, so it is left out as
// the answer is.
func (w *writer) notes(iv store.Interview) error {
	if len(iv.Notes) == 0 {
		return nil
	}
	rows := make([]noteRow, 0, len(iv.Notes))
	for _, p := range slices.Sorted(maps.Keys(iv.Notes)) {
		n := iv.Notes[p]
		r := noteRow{Interview: iv.ID, Path: p, Note: n.Text, By: n.By, Time: n.Time.UTC().Format("2006-01-02T15:04:05Z")}
		if node := w.form.NodeAt(p); node != nil && node.IsPII() && !w.opts.IncludePII {
			r.Note = hidden(n.Text)
		}
		if w.opts.Excel {
			r.Note, r.By = excelText(r.Note), excelText(r.By)
		}
		rows = append(rows, r)
	}
	return gocsv.MarshalCSVWithoutHeaders(rows, w.notesCSV)
}

// hidden stands for a personal value left out of the paradata.
func hidden(v string) string {
	if v == "" {
		return ""
	}
	return "(personal data)"
}

// excelRow is w.row for a CSV meant for Excel: typed text that Excel
// would run as a formula is kept as text. Numbers and codes (-99
// refused) are written as they are, so that they match their labels.
func (w *writer) excelRow(t *table) []string {
	w.excel = append(w.excel[:0], w.row...)
	for i, v := range w.excel {
		if i < len(w.freeText[t]) && w.freeText[t][i] {
			w.excel[i] = excelText(v)
		}
	}
	return w.excel
}

// typedText reports whether a question's answers are typed by a person,
// not chosen from codes or entered as numbers.
func typedText(n *questionnaires.Node) bool {
	switch n.Type {
	case questionnaires.TypeText, questionnaires.TypePhoneNumber, questionnaires.TypeCalculate, questionnaires.TypeHidden:
		return true
	}
	return false
}

// excelText guards a text cell against formula injection: Excel runs a
// cell that starts with = + - @ (or a tab or carriage return) as a
// formula, so such text gets the apostrophe that makes Excel show it as
// typed. Only the --excel files get it; other readers take the text as
// it is.
func excelText(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}
