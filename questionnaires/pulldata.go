package questionnaires

import (
	"strings"
	"sync"
)

// dataTable is a CSV beside the form that pulldata() reads: a sample
// list with each household's address, say. Rows are found by an index
// per key column, built the first time that column is asked for.
type dataTable struct {
	header  map[string]int // column name, lower case, to index
	rows    [][]string
	mu      sync.Mutex
	indexes map[int]map[string]int // key column to key to first row
}

// PullData is pulldata(file, column, keyColumn, key): the column of the
// first row of file.csv whose keyColumn holds key, or "" when there is
// none. Column names match without regard to case, as the form's own.
func (f *Form) PullData(file, column, keyColumn, key string) string {
	t := f.data[strings.TrimSuffix(strings.TrimSpace(file), ".csv")]
	if t == nil {
		return ""
	}
	col, ok := t.header[strings.ToLower(strings.TrimSpace(column))]
	keyCol, keyOK := t.header[strings.ToLower(strings.TrimSpace(keyColumn))]
	if !ok || !keyOK {
		return ""
	}
	t.mu.Lock()
	index := t.indexes[keyCol]
	if index == nil {
		index = make(map[string]int, len(t.rows))
		for i, r := range t.rows {
			if keyCol < len(r) {
				if _, seen := index[r[keyCol]]; !seen {
					index[r[keyCol]] = i
				}
			}
		}
		t.indexes[keyCol] = index
	}
	t.mu.Unlock()
	i, ok := index[key]
	if !ok || col >= len(t.rows[i]) {
		return ""
	}
	return t.rows[i][col]
}

// readDataFiles reads the CSVs an expression's pulldata() calls name,
// once each, reporting a missing or unreadable one at the row and column
// that use it.
func (b *builder) readDataFiles(names []string, sheet string, row int, col string) {
	for _, name := range names {
		name = strings.TrimSuffix(name, ".csv")
		if _, done := b.f.data[name]; done {
			continue
		}
		file := name + ".csv"
		if b.dir == nil {
			b.ps.errorf(sheet, row, col, "pulldata() reads %s, which cannot be found: the form was not read from a folder", file)
			continue
		}
		raw, err := b.readFile(file)
		if err != nil {
			b.ps.errorf(sheet, row, col, "pulldata() reads %s, which is missing: put it in the same folder as the form (or in its -media folder)", file)
			continue
		}
		s, err := readPlainCSV(file, raw)
		if err != nil {
			b.ps.errorf(file, 0, "", "%v", err)
			continue
		}
		t := &dataTable{header: map[string]int{}, indexes: map[int]map[string]int{}}
		for i, h := range s.header {
			h = strings.ToLower(strings.TrimSpace(h))
			if _, dup := t.header[h]; !dup && h != "" {
				t.header[h] = i
			}
		}
		for _, r := range s.rows {
			t.rows = append(t.rows, r.cells)
		}
		if b.f.data == nil {
			b.f.data = map[string]*dataTable{}
		}
		b.f.data[name] = t
	}
}
