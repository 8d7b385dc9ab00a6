package export

import (
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"siap/questionnaires"
	"siap/questionnaires/interview"
	"siap/store"
)

// rows are one interview's rows in every table and its paradata, made
// into CSV lines on one of the goroutines that restore interviews (the
// export's work grows with its rows, and they are independent), and
// written to the files, one interview at a time in the file's order, by
// write.
type rows struct {
	w      *writer
	tables [][]byte     // CSV lines, by table (w.plan.tables' order)
	para   []byte       // paradata.csv's lines
	sheets [][][]string // data.xlsx's rows, by table, when asked for
	row    []string     // a row being made, reused
	excel  []string     // the row as written for Excel, reused
}

// rowsPool keeps the rows' buffers from one interview to the next.
var rowsPool sync.Pool

func (w *writer) newRows() *rows {
	r, _ := rowsPool.Get().(*rows)
	if r == nil || r.w != w {
		r = &rows{w: w, tables: make([][]byte, len(w.plan.tables))}
		if w.book != nil {
			r.sheets = make([][][]string, len(w.plan.tables))
		}
	}
	return r
}

// release hands the rows' buffers back once written.
func (r *rows) release() {
	for i := range r.tables {
		r.tables[i] = r.tables[i][:0]
	}
	for i := range r.sheets {
		r.sheets[i] = r.sheets[i][:0]
	}
	r.para = r.para[:0]
	rowsPool.Put(r)
}

// make fills the rows of one interview from its state restored in the
// engine.
func (r *rows) make(iv store.Interview, state *interview.State, events []store.Event) {
	r.mainRow(iv, state, events)
	r.repeatRows(iv, state)
	r.paradata(iv, events)
}

// write writes an interview's rows to the files, after checking its
// stored answers as the supervisor's screen does.
func (w *writer) write(iv store.Interview, answers map[string]string, events []store.Event, r *rows) error {
	if err := w.quality.observe(iv, answers, events, true); err != nil {
		return err
	}
	for i, t := range w.plan.tables {
		if _, err := w.tables[t].buf.Write(r.tables[i]); err != nil {
			return err
		}
		if w.book != nil {
			for _, row := range r.sheets[i] {
				if err := w.sheets[t].write(row); err != nil {
					return err
				}
			}
		}
	}
	if err := w.notes(iv); err != nil {
		return err
	}
	_, err := w.para.buf.Write(r.para)
	return err
}

func (r *rows) mainRow(iv store.Interview, state *interview.State, events []store.Event) {
	w := r.w
	t := w.plan.main
	r.row = r.row[:0]
	m := metaOf{iv: iv, vals: r.metaValues(state), events: events}
	for _, c := range t.cols {
		switch c.kind {
		case keyColumn:
			r.row = append(r.row, iv.ID)
		case metaColumn:
			r.row = append(r.row, w.meta(c.meta, &m))
		default:
			r.row = append(r.row, w.cell(c, state, ""))
		}
	}
	r.add(t, 0)
}

// metaValues are the values of the form's metadata (start, end) in an
// interview, by path, as Times and Minutes read them.
func (r *rows) metaValues(state *interview.State) map[string]string {
	nodes := r.w.metaNodes
	out := make(map[string]string, len(nodes))
	for _, n := range nodes {
		if v := state.Value(n.Key); v != "" {
			out[n.Key] = v
		}
	}
	return out
}

// add adds r.row as a line of table t (number i).
func (r *rows) add(t *table, i int) {
	w := r.w
	for c, numeric := range w.numeric[t] {
		if numeric {
			r.row[c] = numberCell(r.row[c])
		}
	}
	row := r.row
	if w.opts.Excel {
		row = r.excelRow(t)
	}
	r.tables[i] = appendCSV(r.tables[i], row...)
	if w.book != nil {
		r.sheets[i] = append(r.sheets[i], slices.Clone(r.row))
	}
}

// repeatRows makes a row per instance of every repeat.
func (r *rows) repeatRows(iv store.Interview, state *interview.State) {
	w := r.w
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
		r.row = r.row[:0]
		for _, c := range t.cols {
			switch c.kind {
			case parentColumn:
				r.row = append(r.row, iv.ID)
			case instanceColumn:
				r.row = append(r.row, strings.Join(inst, "/"))
			case keyColumn:
				r.row = append(r.row, key)
			case parentKeyColumn:
				r.row = append(r.row, parentKey)
			case loopChoiceColumn:
				r.row = append(r.row, it.Node.List.Choices[it.Instance[len(it.Instance)-1]-1].Name)
			default:
				r.row = append(r.row, w.cell(c, state, it.Path+"/"))
			}
		}
		r.add(t, w.tableIndex[t])
	}
}

// excelRow is r.row for a CSV meant for Excel: typed text that Excel
// would run as a formula is kept as text. Numbers and codes (-99
// refused) are written as they are, so that they match their labels.
func (r *rows) excelRow(t *table) []string {
	free := r.w.freeText[t]
	r.excel = append(r.excel[:0], r.row...)
	for i, v := range r.excel {
		if i < len(free) && free[i] {
			r.excel[i] = excelText(v)
		}
	}
	return r.excel
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

// metaOf is what the metadata columns of an interview's row are made
// of; its start and end are read once.
type metaOf struct {
	iv         store.Interview
	vals       map[string]string // the values of the form's metadata
	events     []store.Event
	start, end time.Time
	timed      bool
}

func (m *metaOf) times(form *questionnaires.Form) (start, end time.Time) {
	if !m.timed {
		m.start, m.end = Times(form, m.iv, m.vals)
		m.timed = true
	}
	return m.start, m.end
}

func (w *writer) meta(col string, m *metaOf) string {
	iv := m.iv
	switch col {
	case "id":
		return iv.ID
	case "status":
		return string(iv.Status)
	case "interviewer":
		return iv.Interviewer
	case "start":
		start, _ := m.times(w.form)
		return start.Format("2006-01-02T15:04:05Z07:00")
	case "end":
		if iv.Status == store.Draft {
			return ""
		}
		_, end := m.times(w.form)
		return end.Format("2006-01-02T15:04:05Z07:00")
	case "duration_min":
		if iv.Status == store.Draft {
			return ""
		}
		return strconv.FormatFloat(TenthsOfMinutes(Minutes(w.form, iv, m.vals, m.events)), 'f', 1, 64)
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

// paradata makes an interview's events into lines of paradata.csv, a
// row each. They are most of an export's rows: each field is appended
// to the lines as it is, with no row in between.
func (r *rows) paradata(iv store.Interview, events []store.Event) {
	w := r.w
	b := r.para
	id := appendCSVField(nil, iv.ID)
	for i, e := range events {
		old, nw, detail, who := e.Old, e.New, e.Detail, e.Who
		var n *questionnaires.Node
		if e.Path != "" || w.opts.Excel {
			n = w.form.NodeAt(e.Path)
		}
		if n != nil && n.IsPII() && !w.opts.IncludePII {
			old, nw = hidden(old), hidden(nw)
		}
		if w.opts.Excel {
			if n == nil || typedText(n) {
				old, nw = excelText(old), excelText(nw)
			}
			detail, who = excelText(detail), excelText(who)
		}
		b = append(b, id...)
		b = append(b, ',')
		b = strconv.AppendInt(b, int64(i+1), 10)
		b = append(b, ',')
		b = appendParadataTime(b, e.Time)
		for _, f := range [...]string{e.Kind, e.Path, old, nw, detail, who} {
			b = appendCSVField(append(b, ','), f)
		}
		b = append(b, '\n')
	}
	r.para = b
}

// appendParadataTime appends an event's time as paradata.csv gives it,
// in UTC to the millisecond (2006-01-02T15:04:05.000Z), as time.Format
// would for years 0 to 9999: it is every paradata row's, and this costs
// a fifth of Format.
func appendParadataTime(b []byte, t time.Time) []byte {
	t = t.UTC()
	year, month, day := t.Date()
	if year < 0 || year > 9999 {
		return t.AppendFormat(b, "2006-01-02T15:04:05.000Z")
	}
	hour, minute, sec := t.Clock()
	at := len(b)
	b = append(b, "0000-00-00T00:00:00.000Z"...)
	digits := func(from, n, v int) {
		for i := at + from + n - 1; i >= at+from; i-- {
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
	return b
}
