package export

import (
	"archive/zip"
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strings"
)

// setDimensions writes each worksheet's real used range in a saved
// workbook, in place of the placeholder its stream writer declared.
// Readers that trust the declared range (openpyxl in read-only mode,
// Power BI) otherwise see a single cell. The workbook is copied entry by
// entry, unchanged entries without recompressing, so memory stays small
// however many rows it holds.
func setDimensions(path string, ranges map[string]string) (err error) {
	zr, err := zip.OpenReader(path)
	if err != nil {
		return err
	}
	defer zr.Close()
	// The copy holds the same data as the export: beside it, readable by
	// its owner only.
	tmp, err := os.CreateTemp(filepath.Dir(path), ".data-*.xlsx")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	zw := zip.NewWriter(tmp)
	for _, f := range zr.File {
		if !strings.HasPrefix(f.Name, "xl/worksheets/") || !strings.HasSuffix(f.Name, ".xml") {
			if err := zw.Copy(f); err != nil {
				return err
			}
			continue
		}
		if err := rewriteDimension(zw, f, ranges); err != nil {
			return err
		}
	}
	if err := zw.Close(); err != nil {
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Chmod(tmp.Name(), 0o600); err != nil {
		return err
	}
	zr.Close()
	return os.Rename(tmp.Name(), path)
}

// dimensionHead is how much of a worksheet's start is searched for its
// dimension element, which comes before the sheet's views and rows.
const dimensionHead = 64 << 10

// rewriteDimension copies one worksheet, its declared range replaced.
func rewriteDimension(zw *zip.Writer, f *zip.File, ranges map[string]string) error {
	r, err := f.Open()
	if err != nil {
		return err
	}
	defer r.Close()
	head := make([]byte, dimensionHead)
	n, err := io.ReadFull(r, head)
	if err != nil && err != io.ErrUnexpectedEOF && err != io.EOF {
		return err
	}
	head = head[:n]
	for placeholder, real := range ranges {
		old := []byte(`<dimension ref="` + placeholder + `"`)
		if i := bytes.Index(head, old); i >= 0 {
			head = bytes.Join([][]byte{head[:i], []byte(`<dimension ref="` + real + `"`), head[i+len(old):]}, nil)
			break
		}
	}
	fh := f.FileHeader // name and times; the writer works out sizes and checksum
	fh.Method = zip.Deflate
	w, err := zw.CreateHeader(&fh)
	if err != nil {
		return err
	}
	if _, err := w.Write(head); err != nil {
		return err
	}
	_, err = io.Copy(w, r)
	return err
}
