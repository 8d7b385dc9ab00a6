package questionnaires

import (
	"bytes"
	"errors"
	"io/fs"
	"path"
	"strings"
	"time"
)

// Files are the files a form reads (select_one_from_file CSV, XML or
// GeoJSON, itemsets.csv, pulldata CSVs), by name. A data file keeps them beside the form's
// own bytes, so that a kept questionnaire reads the same without the
// folder it came from. Files is an fs.FS, to give to Parse.
type Files map[string][]byte

// ReadFile implements fs.ReadFileFS.
func (f Files) ReadFile(name string) ([]byte, error) {
	data, ok := f[name]
	if !ok {
		return nil, &fs.PathError{Op: "read", Path: name, Err: fs.ErrNotExist}
	}
	return bytes.Clone(data), nil
}

// Open implements fs.FS.
func (f Files) Open(name string) (fs.File, error) {
	data, ok := f[name]
	if !ok || !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
	}
	return &memFile{name: name, Reader: bytes.NewReader(data), size: int64(len(data))}, nil
}

type memFile struct {
	*bytes.Reader
	name string
	size int64
}

func (m *memFile) Stat() (fs.FileInfo, error) { return m, nil }
func (m *memFile) Close() error               { return nil }
func (m *memFile) Name() string               { return m.name }
func (m *memFile) Size() int64                { return m.size }
func (m *memFile) Mode() fs.FileMode          { return 0o444 }
func (m *memFile) ModTime() time.Time         { return time.Time{} }
func (m *memFile) IsDir() bool                { return false }
func (m *memFile) Sys() any                   { return nil }

// readFile reads a file the form refers to and keeps it in the form's
// Attachments. The file is beside the form, or in the form's media
// folder beside it (FORM-media, where ODK Collect keeps a form's files).
func (b *builder) readFile(name string) ([]byte, error) {
	data, err := fs.ReadFile(b.dir, name)
	if errors.Is(err, fs.ErrNotExist) {
		media := strings.TrimSuffix(b.f.SourceName, path.Ext(b.f.SourceName)) + "-media"
		if alt, altErr := fs.ReadFile(b.dir, path.Join(media, name)); altErr == nil {
			data, err = alt, nil
		}
	}
	if err != nil {
		return nil, err
	}
	if b.f.Attachments == nil {
		b.f.Attachments = Files{}
	}
	b.f.Attachments[name] = data
	return data, nil
}
