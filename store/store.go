// Package store keeps interviews in a bbolt data file: every answer is
// committed in its own write transaction before the caller is told it is
// saved. It is the only package that opens a data file.
package store

import (
	"crypto/rand"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"runtime/debug"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"filippo.io/age"
	"github.com/google/uuid"
	bolt "go.etcd.io/bbolt"
	berrors "go.etcd.io/bbolt/errors"
)

// SchemaVersion is the layout of data files this siap writes. A file with
// a higher version was written by a newer siap and is refused; one with
// a lower version is migrated when opened (migrate.go). Format 3 keeps
// the rows of format 2 and writes records an earlier siap cannot read
// (times in milliseconds; binary interview records, facts rows and
// revision rows, recordcodec.go): the version tells that siap to refuse
// the file rather than find its new rows damaged. Format 4 keys log rows
// in the order they are written (logorder.go) and keeps each
// interview's record and revision after them (tail.go), where format 3
// would not find them.
const SchemaVersion = 4

// growBy is how much a data file grows when it needs room: bbolt's 16 MB
// would leave a file of 10,000 interviews a third empty.
const growBy = 1 << 20

// openBolt opens a data file (or a pack, a backup, a copy being written)
// as every file of siap is opened: waiting lockTimeout for another siap
// to let go of it, and growing by growBy.
func openBolt(path string, readOnly bool) (*bolt.DB, error) {
	db, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: lockTimeout, ReadOnly: readOnly})
	if err == nil {
		db.AllocSize = growBy
	}
	return db, err
}

// Bucket names. Keys are never personal data: interview ids are random,
// the other keys are sequence numbers (layout.go).
const (
	bucketMeta       = "meta"     // schema version, stored as it is
	bucketSettings   = "settings" // interviewer, device id, current form
	bucketForms      = "forms"
	bucketInterviews = "interviews"
	bucketAnswers    = "answers"
	bucketEvents     = "events"
)

// lockTimeout bounds the wait for a data file another process holds.
const lockTimeout = 2 * time.Second

// keepBackups is how many copies of the data file are kept.
const keepBackups = 3

// ErrInUse is returned when another siap process holds the data file.
var ErrInUse = errors.New("in use by another siap process")

// errPagesDamaged stands for a fault bbolt hit reading a damaged file.
var errPagesDamaged = errors.New("its pages are damaged")

// ErrNotFound is returned for an interview or form the file does not hold.
var ErrNotFound = errors.New("not found")

// Options change how a data file is opened.
type Options struct {
	// ReadOnly opens the file without writing to it: no backup, no
	// initialisation.
	ReadOnly bool
	// Now tells the time; nil means time.Now. Tests fix it.
	Now func() time.Time
	// Passphrase opens an encrypted file. A new file made with a
	// passphrase is encrypted; made without one, it is not.
	Passphrase string
	// inspecting opens a file only to tell what it is: a file of an
	// older format is not migrated.
	inspecting bool
	// identity opens a pack made for the file merging it.
	identity *age.X25519Identity
}

// Store is an open data file.
type Store struct {
	db    *bolt.DB
	path  string
	codec codec
	now   func() time.Time
	// knownTail is where the write transaction under way last left an
	// interview's log rows (logorder.go).
	knownTail *knownTail
	// indexed are the answers copied into each interview's record
	// (IndexAnswers).
	indexed []string
	// migrated is a copy in the new layout of a file of an older siap
	// opened read-only, deleted on Close.
	migrated string
	// staleIndex is set when a read-only file indexes other answers
	// than the caller needs: its index is rebuilt as it is read.
	staleIndex bool
	// journaling is set while a merge runs (journal.go); journalNew
	// while it writes an interview the file did not hold.
	journaling, journalNew bool
	// mu orders this handle's writes, and guards what they keep
	// between them: last holds the interview saved last, and writes
	// counts write transactions, to tell whether last is still current.
	mu     sync.Mutex
	last   *lastSaved
	writes int
	// noted is what the last revision noted in this transaction wrote
	// (summary.go), for the save that made it to keep.
	noted *noted
	// indexer makes every interview's facts (SetIndexer), with piiHash
	// the keyed hash of their identifiers.
	indexer Indexer
	// factsPrint is the fingerprint of indexer's key, which the facts
	// rows it made name it by.
	factsPrint factsPrint
	piiHash    func(string) string
	// upgradeKey rewrites a key record of an earlier siap (crypto.go).
	upgradeKey func() error
	// summaryBound says the file must keep a summary of its interviews'
	// revisions (summary.go): its key record is of a siap that always
	// keeps one, and that record cannot be rewritten without the
	// passphrase, so a summary gone missing was removed, not never made.
	summaryBound bool
}

// Open opens a data file, creating it (and its folder) when missing. On
// every open for writing it first keeps a consistent copy of the file as
// it was, next to it, keeping the last three.
func Open(path string, opts Options) (s *Store, err error) {
	// A truncated file is mapped past its end; reading there faults.
	// That fault must become an error like any other damage.
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer func() {
		// bbolt panics on some damaged files; that must reach the user as
		// an error, never a stack trace.
		if r := recover(); r != nil {
			s, err = nil, damaged(path, errPagesDamaged)
		}
	}()
	info, statErr := os.Stat(path)
	existed := statErr == nil && info.Size() > 0
	if statErr == nil && info.IsDir() {
		return nil, failure(ErrNotAFile, path, "", "data file %s is a folder; name a file", path)
	}
	if err := checkNotLost(path); err != nil {
		return nil, err
	}
	if opts.ReadOnly && !existed {
		return nil, failure(ErrNoFile, path, "", "data file %s does not exist", path)
	}
	if !opts.ReadOnly {
		if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
			return nil, fmt.Errorf("create the folder of data file %s: %w", path, err)
		}
	}
	if err := checkSize(path); err != nil {
		return nil, damaged(path, err)
	}
	db, err := openBolt(path, opts.ReadOnly)
	switch {
	case errors.Is(err, berrors.ErrTimeout):
		return nil, failure(ErrInUse, path, "", "data file %s is %w", path, ErrInUse)
	case err != nil:
		return nil, openFailed(path, err)
	}
	clock := opts.Now
	if clock == nil {
		clock = time.Now
	}
	// Every time the file keeps is to the millisecond (stampTime).
	s = &Store{db: db, path: path, codec: plainCodec{}, now: func() time.Time { return stampTime(clock()) }}
	version, err := s.checkSchema(!opts.ReadOnly, opts.Passphrase)
	if err != nil {
		db.Close()
		return nil, err
	}
	// The passphrase is checked before anything is written: a wrong one
	// leaves no backup and no change behind.
	if err := s.unlock(opts); err != nil {
		db.Close()
		return nil, err
	}
	if !opts.ReadOnly && version >= 2 {
		// Formats 2 and 3 journal a merge alike.
		if err := s.undoCutMerge(); err != nil {
			db.Close()
			return nil, err
		}
	}
	if opts.inspecting {
		// Whether it exists and is encrypted is known: nothing more is
		// read.
		return s, nil
	}
	if version < SchemaVersion {
		// The file as it was is kept as a backup by the migration.
		if err := s.migrate(version, opts.ReadOnly); err != nil {
			s.Close()
			return nil, err
		}
	} else if !opts.ReadOnly && existed {
		if err := s.backup(); err != nil {
			db.Close()
			return nil, err
		}
	}
	if err := s.loadIndexed(); err != nil {
		s.Close()
		return nil, err
	}
	if !opts.ReadOnly {
		if err := s.ensureKeyedHashKey(); err != nil {
			db.Close()
			return nil, err
		}
		// The summary is made before the key record is rewritten to this
		// siap's version, which promises one.
		if err := s.ensureSummary(); err != nil {
			db.Close()
			return nil, err
		}
		if s.upgradeKey != nil {
			if err := s.upgradeKey(); err != nil {
				db.Close()
				return nil, err
			}
			s.upgradeKey = nil
		}
		if err := s.ensureIdentity(); err != nil {
			db.Close()
			return nil, err
		}
		if err := s.update(tidyRoot); err != nil {
			db.Close()
			return nil, err
		}
	}
	return s, nil
}

// tidyRoot lets bbolt put the file's list of buckets back on one page.
// While a new file's buckets are small, bbolt keeps them inside that list
// (inline), which then outgrows its page and is split in two; once they
// have pages of their own, the list would fit one page again, but bbolt
// merges pages only where a key was deleted. Split, a save wrote both
// halves, one page more on every save. A bucket made and deleted in the
// first half marks it, and bbolt merges it with the other when it
// commits, if they fit one page.
func tidyRoot(tx *bolt.Tx) error {
	name := []byte("\x00tidy")
	if _, err := tx.CreateBucket(name); err != nil {
		return err
	}
	return tx.DeleteBucket(name)
}

// ensureKeyedHashKey gives the file the secret that keyed hashes of
// personal identifiers (the NIK) are made with, so that duplicates can be
// found in exports without showing the number.
func (s *Store) ensureKeyedHashKey() error {
	k, err := s.Setting("pii_key")
	if err != nil || k != "" {
		return err
	}
	key, err := NewKeyedHashKey()
	if err != nil {
		return err
	}
	return s.SetSetting("pii_key", key)
}

// KeyedHasher returns a digest of personal identifiers keyed with this
// file's secret: equal identifiers give equal digests, and an identifier
// cannot be recovered from its digest without the file.
func (s *Store) KeyedHasher() (func(string) string, error) {
	k, err := s.Setting("pii_key")
	if err != nil {
		return nil, err
	}
	return KeyedHash(k, "data file "+s.path)
}

// Path is the data file's path.
func (s *Store) Path() string { return s.path }

// Close closes the data file.
func (s *Store) Close() error {
	err := s.db.Close()
	if s.migrated != "" {
		os.Remove(s.migrated)
	}
	return err
}

// checkSchema refuses files of a newer siap and files that are not
// siap's, and lays out a new file.
func (s *Store) checkSchema(writable bool, passphrase string) (int, error) {
	var version int
	var foreign bool
	err := s.db.View(func(tx *bolt.Tx) error {
		meta := tx.Bucket([]byte(bucketMeta))
		if meta == nil {
			k, _ := tx.Cursor().First()
			foreign = k != nil // any bucket at all
			return nil
		}
		v, err := strconv.Atoi(string(meta.Get([]byte("schema"))))
		if err != nil {
			return failure(ErrDamaged, s.path, "", "data file %s has no readable schema version; it is damaged: restore the newest backup (siap restore) or run siap verify", s.path)
		}
		version = v
		return nil
	})
	if err != nil {
		return 0, err
	}
	switch {
	case foreign:
		return 0, failure(ErrNotSiapFile, s.path, "", "data file %s is not a siap data file (it holds other data); name another file with --data", s.path)
	case version > SchemaVersion:
		return 0, failure(ErrNewerFormat, s.path, "", "data file %s was written by a newer siap (data format %d; this siap reads format %d): update siap to open it", s.path, version, SchemaVersion)
	case version == 0 && writable:
		return SchemaVersion, s.initialise(passphrase)
	case version == 0:
		return 0, fmt.Errorf("data file %s is empty", s.path)
	}
	return version, nil
}

func (s *Store) initialise(passphrase string) error {
	if passphrase != "" {
		if err := CheckNewPassphrase(passphrase, filepath.Base(s.path)); err != nil {
			return fmt.Errorf("data file %s: %w", s.path, err)
		}
	}
	return s.update(func(tx *bolt.Tx) error {
		if err := layOut(tx); err != nil {
			return err
		}
		meta := tx.Bucket([]byte(bucketMeta))
		if passphrase != "" {
			dataKey := make([]byte, 32)
			if _, err := rand.Read(dataKey); err != nil {
				return err
			}
			k, err := wrap(dataKey, passphrase)
			if err != nil {
				return err
			}
			data, err := json.Marshal(k)
			if err != nil {
				return err
			}
			if err := meta.Put([]byte(metaKey), data); err != nil {
				return err
			}
			if s.codec, err = newSealedCodec(dataKey); err != nil {
				return err
			}
			s.summaryBound = true
		}
		if err := s.putSummary(tx, summary{Sum: answersSum{}.String()}); err != nil {
			return err
		}
		return s.putSetting(tx, "device_id", "siap-"+uuid.NewString()[:13])
	})
}

// layOut makes a new file's buckets and records its format.
func layOut(tx *bolt.Tx) error {
	for _, name := range layoutBuckets {
		if _, err := tx.CreateBucketIfNotExists([]byte(name)); err != nil {
			return err
		}
	}
	return tx.Bucket([]byte(bucketMeta)).Put([]byte("schema"), []byte(strconv.Itoa(SchemaVersion)))
}

// unlock opens the data key of an encrypted file with the passphrase,
// or a pack's key with the private key of the file merging it.
func (s *Store) unlock(opts Options) error {
	passphrase := opts.Passphrase
	if s.Encrypted() {
		return nil // just made
	}
	var k keyRecord
	var ok bool
	err := s.view(func(tx *bolt.Tx) (err error) {
		k, ok, err = readKeyRecord(tx)
		return err
	})
	if err != nil || !ok {
		return err
	}
	if k.KDF == packKDF {
		if opts.identity == nil {
			return failure(ErrIsPack, s.path, "", "%s: %w", s.path, ErrIsPack)
		}
		packKey, err := k.openPack(s.path, opts.identity)
		if err != nil {
			return err
		}
		s.codec, err = newSealedCodec(packKey)
		return err
	}
	if passphrase == "" {
		return failure(ErrPassphraseNeeded, s.path, "", "data file %s: %w", s.path, ErrPassphraseNeeded)
	}
	dataKey, kek, err := k.unwrapKEK(passphrase)
	if errors.Is(err, ErrWrongPassphrase) {
		return failure(ErrWrongPassphrase, s.path, "", "data file %s: %w; nothing was changed", s.path, err)
	}
	if err != nil {
		return fmt.Errorf("data file %s: %w; nothing was changed", s.path, err)
	}
	if s.codec, err = newSealedCodec(dataKey); err != nil {
		return err
	}
	s.summaryBound = k.Version >= 1
	if k.Version < keyRecordVersion && !opts.ReadOnly {
		// Rewritten once the file as it was is kept (backup, migration).
		s.upgradeKey = func() error { return s.upgradeKeyRecord(k, kek, dataKey) }
	}
	return nil
}

// Inspect tells whether a data file exists and is encrypted, without a
// passphrase and without writing.
func Inspect(path string) (exists, encrypted bool, err error) {
	if err := checkNotLost(path); err != nil {
		return false, false, err
	}
	info, err := os.Stat(path)
	if err != nil || info.Size() == 0 {
		return false, false, nil
	}
	s, err := Open(path, Options{ReadOnly: true, inspecting: true})
	switch {
	case errors.Is(err, ErrPassphraseNeeded):
		return true, true, nil
	case err != nil:
		return true, false, err
	}
	s.Close()
	return true, false, nil
}

// update runs a write transaction, turning a bbolt panic into an error.
func (s *Store) update(fn func(*bolt.Tx) error) (err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.updateLocked(fn)
}

// updateLocked is update for a caller holding s.mu (a merge, which
// writes many transactions that nothing else may come between).
func (s *Store) updateLocked(fn func(*bolt.Tx) error) (err error) {
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer func() {
		if r := recover(); r != nil {
			s.last = nil
			err = damaged(s.path, errPagesDamaged)
		}
	}()
	s.writes++
	// What a transaction knew of an interview's log rows ends with it.
	s.knownTail = nil
	defer func() { s.knownTail = nil }()
	if err := s.db.Update(fn); err != nil {
		// What the failed transaction kept in memory was not written.
		s.last = nil
		return fmt.Errorf("save to %s: %w", s.path, err)
	}
	return nil
}

// handBackWritten hands back the file's pages a batch of writes read,
// once it has committed: its commit reads every page it replaces (64 KB
// mapped around each), after the batch handed back what it read itself.
// A simulation of a million interviews held 150 MB of them.
func (s *Store) handBackWritten() {
	s.db.View(func(tx *bolt.Tx) error { handBack(tx); return nil })
}

// view runs a read transaction, turning a bbolt panic into an error.
func (s *Store) view(fn func(*bolt.Tx) error) (err error) {
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer func() {
		if r := recover(); r != nil {
			err = damaged(s.path, errPagesDamaged)
		}
	}()
	return s.db.View(fn)
}

// backupEvery is how often an open for writing copies the data file
// aside: a copy is the size of the file, so it is made at most once in
// this time, and only when the file changed since the last copy.
const backupEvery = 24 * time.Hour

// backupName names a backup made now.
func (s *Store) backupName() string {
	return s.path + ".bak-" + s.now().UTC().Format(backupTime)
}

const backupTime = "20060102-150405.000000"

// backup copies the file as it is now next to it, unless the newest good
// backup is younger than backupEvery or the file has not changed since
// it was made, and then deletes all but the newest keepBackups good
// copies. A backup that is empty or not a data file (a disk that filled
// up while copying) never counts as one.
func (s *Store) backup() error {
	good, bad := goodBackups(s.path)
	for _, b := range bad {
		os.Remove(b)
	}
	if len(good) > 0 {
		newest := good[len(good)-1]
		at, err := time.Parse(backupTime, strings.TrimPrefix(newest, s.path+".bak-"))
		if err == nil && s.now().Sub(at) < backupEvery && s.now().Sub(at) >= 0 {
			return nil
		}
		if s.unchangedSinceBackup() {
			return nil
		}
	}
	return s.keepBackup(good)
}

// keepBackup copies the file as it is now beside it, forgetting the
// oldest of the good copies past keepBackups.
func (s *Store) keepBackup(good []string) error {
	name := s.backupName()
	var copied int
	err := s.view(func(tx *bolt.Tx) error {
		copied = tx.ID()
		return tx.CopyFile(name, 0o600)
	})
	if err != nil {
		os.Remove(name)
		return fmt.Errorf("keep a backup of %s as %s: %w", s.path, name, err)
	}
	// The copy is remembered by the transaction it was taken at: this
	// write is the next one, so an unchanged file is one at copied+1.
	err = s.update(func(tx *bolt.Tx) error {
		return tx.Bucket([]byte(bucketMeta)).Put([]byte("backup_tx"), []byte(strconv.Itoa(copied)))
	})
	if err != nil {
		return err
	}
	good = append(good, name)
	for len(good) > keepBackups {
		os.Remove(good[0])
		good = good[1:]
	}
	return nil
}

// unchangedSinceBackup tells whether nothing was written to the file
// since the last backup was taken.
func (s *Store) unchangedSinceBackup() bool {
	same := false
	s.view(func(tx *bolt.Tx) error {
		copied, err := strconv.Atoi(string(tx.Bucket([]byte(bucketMeta)).Get([]byte("backup_tx"))))
		same = err == nil && tx.ID() == copied+1
		return nil
	})
	return same
}

// goodBackups sorts the backups of a data file into those that can be
// restored, oldest first, and those that cannot: empty, or not starting
// like a bbolt file.
func goodBackups(path string) (good, bad []string) {
	all, _ := Backups(path)
	for _, b := range all {
		if looksLikeDataFile(b) {
			good = append(good, b)
		} else {
			bad = append(bad, b)
		}
	}
	return good, bad
}

// looksLikeDataFile checks the size and the magic number of a file's
// first meta page, without opening it.
func looksLikeDataFile(path string) bool {
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	head := make([]byte, 32)
	if _, err := io.ReadFull(f, head); err != nil {
		return false
	}
	info, err := f.Stat()
	// The page header is 16 bytes; the meta's magic follows.
	return err == nil && info.Size() >= 4*1024 && binary.LittleEndian.Uint32(head[16:20]) == bboltMagic
}

// bboltMagic starts the meta pages of every bbolt file.
const bboltMagic = 0xED0CDAED

// Backups lists the backups of a data file, oldest first.
func Backups(path string) ([]string, error) {
	matches, err := filepath.Glob(path + ".bak-*")
	sort.Strings(matches)
	return matches, err
}

// setting reads a value of the settings bucket; "" when unset.
func (s *Store) setting(tx *bolt.Tx, key string) (string, error) {
	data := tx.Bucket([]byte(bucketSettings)).Get([]byte(key))
	if data == nil {
		return "", nil
	}
	var v string
	err := s.decode(bucketSettings, []byte(key), data, &v)
	return v, err
}

func (s *Store) putSetting(tx *bolt.Tx, key, value string) error {
	data, err := s.encode(bucketSettings, []byte(key), value)
	if err != nil {
		return err
	}
	if err := s.journal(tx, bucketSettings, []byte(key)); err != nil {
		return err
	}
	return tx.Bucket([]byte(bucketSettings)).Put([]byte(key), data)
}

// Setting returns a value kept in the file (the interviewer's name, say).
func (s *Store) Setting(key string) (v string, err error) {
	err = s.view(func(tx *bolt.Tx) error {
		v, err = s.setting(tx, key)
		return err
	})
	return v, err
}

// SetSetting keeps a value in the file.
func (s *Store) SetSetting(key, value string) error {
	return s.update(func(tx *bolt.Tx) error { return s.putSetting(tx, key, value) })
}

// EachSetting calls fn with every setting whose name starts with prefix.
func (s *Store) EachSetting(prefix string, fn func(key, value string) error) error {
	type kv struct{ k, v string }
	var list []kv
	err := s.view(func(tx *bolt.Tx) error {
		c := tx.Bucket([]byte(bucketSettings)).Cursor()
		for k, _ := c.Seek([]byte(prefix)); k != nil && hasPrefix(k, prefix); k, _ = c.Next() {
			v, err := s.setting(tx, string(k))
			if err != nil {
				return err
			}
			list = append(list, kv{string(k), v})
		}
		return nil
	})
	if err != nil {
		return err
	}
	// fn is called outside the transaction: it may write.
	for _, e := range list {
		if err := fn(e.k, e.v); err != nil {
			return err
		}
	}
	return nil
}

// DeleteSettings removes settings from the file.
func (s *Store) DeleteSettings(keys ...string) error {
	return s.update(func(tx *bolt.Tx) error {
		b := tx.Bucket([]byte(bucketSettings))
		for _, k := range keys {
			if err := s.journal(tx, bucketSettings, []byte(k)); err != nil {
				return err
			}
			if err := b.Delete([]byte(k)); err != nil {
				return err
			}
		}
		return nil
	})
}

// DeviceID is the id this data file was given when it was created.
func (s *Store) DeviceID() (string, error) { return s.Setting("device_id") }

// settingIndexed names the answers copied into every interview's record.
const settingIndexed = "indexed"

func (s *Store) loadIndexed() error {
	v, err := s.Setting(settingIndexed)
	if err != nil || v == "" {
		return err
	}
	return json.Unmarshal([]byte(v), &s.indexed)
}

// IndexAnswers makes the answers at paths part of every interview's
// record (Interview.Index), kept current on every save, so that the home
// screen counts interviews by city without reading answers. Naming other
// paths than the file indexes rewrites every record once; a file opened
// read-only keeps its index and reads answers where it lacks one.
func (s *Store) IndexAnswers(paths ...string) error {
	paths = slices.Clone(paths)
	slices.Sort(paths)
	paths = slices.Compact(paths)
	if slices.Equal(paths, s.indexed) {
		return nil
	}
	s.indexed = paths
	if s.db.IsReadOnly() {
		s.staleIndex = true
		return nil
	}
	if err := s.update(dropCounts); err != nil {
		return err
	}
	err := s.rewriteRecords(func(tx *bolt.Tx, r *row) (bool, error) {
		answers, err := s.answersAt(tx, r.seq)
		if err != nil {
			return false, err
		}
		// Written again only where the index does not hold what it
		// should.
		old := r.iv.Index
		s.reindex(&r.iv, answers)
		if maps.Equal(old, r.iv.Index) {
			return false, nil
		}
		before := r.iv
		before.Index = old
		r.before, r.keepFacts = &before, true
		return true, nil
	}, nil)
	if err != nil {
		return err
	}
	data, _ := json.Marshal(paths)
	return s.SetSetting(settingIndexed, string(data))
}
