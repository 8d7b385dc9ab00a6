package store

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	bolt "go.etcd.io/bbolt"
)

// format2Dump is what the siap that wrote the v2-json files in testdata
// (records in JSON, facts rows of format 1, the facts of countingIndexer
// under key "k1") read from them.
type format2Dump struct {
	Records []Record
	Facts   []format2Facts
}

type format2Facts struct {
	ID   string
	Key  string
	Data []byte
	IDs  []IdentifierHash
}

// read is what s reads of every interview, as the dump keeps it.
func (d *format2Dump) read(t *testing.T, s *Store) []byte {
	t.Helper()
	got := format2Dump{}
	if err := s.EachRecord(true, func(r Record) error { got.Records = append(got.Records, r); return nil }); err != nil {
		t.Fatal(err)
	}
	err := s.EachFacts(func(iv Interview) error {
		got.Facts = append(got.Facts, format2Facts{iv.ID, iv.Facts.Key, iv.Facts.Data, iv.Facts.IDs})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	js, err := json.MarshalIndent(got, "", "\t")
	if err != nil {
		t.Fatal(err)
	}
	return js
}

// TestFilesOfJSONRecordsStillRead: a file of the siap before records,
// facts rows and revision rows were binary reads as it did, read-only
// and for writing; opened for writing with its Indexer, its rows are
// written again in the present formats, still reading the same.
func TestFilesOfJSONRecordsStillRead(t *testing.T) {
	for _, tt := range []struct{ file, pass string }{
		{"v2-json-plain.siap", ""},
		{"v2-json-encrypted.siap", "format 2 test passphrase"},
	} {
		t.Run(tt.file, func(t *testing.T) {
			path, original, want := copyTestFile(t, tt.file)
			var d format2Dump
			if err := json.Unmarshal(want, &d); err != nil {
				t.Fatal(err)
			}

			ro, err := Open(path, Options{Passphrase: tt.pass, ReadOnly: true})
			if err != nil {
				t.Fatal(err)
			}
			if err := ro.SetIndexer(&countingIndexer{key: "k1"}, nil); err != nil {
				t.Fatal(err)
			}
			if got := d.read(t, ro); !bytes.Equal(got, want) {
				t.Errorf("read-only:\n%s\nwant\n%s", got, want)
			}
			if key, _ := ro.FactsKey(); key != "" {
				t.Errorf("facts rows of format 1 are taken as current (key %q)", key)
			}
			ro.Close()

			s, err := Open(path, Options{Passphrase: tt.pass})
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			x := &countingIndexer{key: "k1"}
			if err := s.SetIndexer(x, nil); err != nil {
				t.Fatal(err)
			}
			if x.whole != 3 {
				t.Errorf("%d interviews indexed again, want the 3 of facts rows of format 1", x.whole)
			}
			if got := d.read(t, s); !bytes.Equal(got, want) {
				t.Errorf("indexed again:\n%s\nwant\n%s", got, want)
			}
			if key, _ := s.FactsKey(); key != "k1" {
				t.Errorf("facts key %q after indexing", key)
			}
			s.view(func(tx *bolt.Tx) error {
				return eachHeader(tx, func(k, v []byte) error {
					header, err := s.codec.open(bucketInterviews, k, v)
					if err != nil || header[0] != recordBinary {
						t.Errorf("record %x is not binary: %v", k, err)
					}
					facts, err := s.codec.open(bucketFacts, k, tx.Bucket([]byte(bucketFacts)).Get(k))
					if err != nil || facts[0] != factsRowFormat {
						t.Errorf("facts row %x is not of format %d: %v", k, factsRowFormat, err)
					}
					rev, err := s.codec.open(bucketRevisions, k, revisionAt(tx, k))
					if err != nil || rev[0] != revisionFormat {
						t.Errorf("revision row %x is not binary: %v", k, err)
					}
					return nil
				})
			})
			clean(t, s)
			// It takes saves and merges as any other file.
			id := d.Records[0].Interview.ID
			if err := s.Save(id, []Change{{Path: "city", Value: "ambon"}}); err != nil {
				t.Fatal(err)
			}
			clean(t, s)
			// As a pack, it merges whole into a file of the present formats.
			pack := filepath.Join(t.TempDir(), "pack.siap")
			if err := os.WriteFile(pack, original, 0o600); err != nil {
				t.Fatal(err)
			}
			sup, _ := openTemp(t)
			if res, err := sup.Merge(pack, tt.pass); err != nil || res.Added != len(d.Records) {
				t.Errorf("merging the file as a pack: %v %v", res, err)
			}
			clean(t, sup)
		})
	}
}

// TestFactsReadWithoutIndexer: a reader that sets no Indexer reads the
// facts rows of a file whose facts are all of one key with that key,
// named in each row by its fingerprint alone.
func TestFactsReadWithoutIndexer(t *testing.T) {
	s, path := openTemp(t)
	if err := s.SetIndexer(&countingIndexer{key: "k1"}, nil); err != nil {
		t.Fatal(err)
	}
	iv := newInterview(t, s)
	if err := s.Save(iv.ID, []Change{{Path: "nik", Value: "3201010101010001"}}); err != nil {
		t.Fatal(err)
	}
	s.Close()
	ro, err := Open(path, Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	n := 0
	err = ro.EachFacts(func(got Interview) error {
		n++
		if got.Facts == nil || got.Facts.Key != "k1" || len(got.Facts.IDs) != 1 {
			t.Errorf("facts read without an Indexer: %+v", got.Facts)
		}
		return nil
	})
	if err != nil || n != 1 {
		t.Errorf("%d facts rows read: %v", n, err)
	}
	if r, err := ro.Record(iv.ID); err != nil || r.Interview.ID != iv.ID {
		t.Errorf("record: %+v %v", r.Interview, err)
	}
}
