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
	"strings"
	"sync"

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
	Flags      int // quality flags on the interviews exported
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
	// relevance) and made into CSV lines (rows) on one of several
	// goroutines: most of an export's work. The callback each returns
	// writes them, one interview at a time and in the file's order.
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
			r := w.newRows()
			r.make(iv, interview.Restore(ivForm, interview.Meta{}, vals), events)
			return func() {
				if failed.get() == nil {
					failed.set(w.write(iv, vals, events, r))
				}
				r.release()
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
	// The flags on interviews, as Supervise and progress count them;
	// quality.csv adds a row per interviewer and check that sums them.
	res.Flags = w.quality.flagged
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
	notesCSV *gocsv.SafeCSVWriter
	forms    map[string]*questionnaires.Form
	formKey  string     // the key of form, worked out once
	vars     []variable // every exported column, described; see variables
	// numeric says, by table and column, which columns hold numbers;
	// freeText which hold what people typed.
	numeric, freeText map[*table][]bool
	metaNodes         []*questionnaires.Node // the form's metadata (start, end)
	tableIndex        map[*table]int         // each table's place in plan.tables
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
	// The tables' and the paradata's lines are made by rows and
	// written to buf as they are; their csv Writers stay unused.
	w.tables, w.tableIndex = map[*table]*outFile{}, map[*table]int{}
	for i, t := range w.plan.tables {
		o, err := w.create(dir, t.file)
		if err != nil {
			return err
		}
		w.tables[t], w.tableIndex[t] = o, i
		header := make([]string, len(t.cols))
		for i, c := range t.cols {
			header[i] = c.name
		}
		if _, err := o.buf.Write(appendCSV(nil, header...)); err != nil {
			return err
		}
	}
	for _, n := range w.form.Nodes {
		if n.Kind == questionnaires.Metadata {
			w.metaNodes = append(w.metaNodes, n)
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
	if _, err := o.buf.Write(appendCSV(nil, paradataHeader...)); err != nil {
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
