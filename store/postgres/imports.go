package postgres

import (
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"

	"siap/store"
)

// Import brings whole interviews in, all in one transaction, by the
// rules of a merge (store.Interviews.Import, store.Decide): a pack
// committed whole or not at all, and the same pack imported again
// changes nothing. A transaction PostgreSQL broke off (two imports
// waiting for each other's interviews) reads the source again.
//
// With a Key (store.ImportOptions), its row in settings is inserted
// first: an import under the same key in another process waits there
// until this one ends, then finds it recorded (or, this one rolled
// back, takes the key itself).
func (db *DB) Import(from store.RecordSource, opts ...store.ImportOptions) (store.MergeResult, error) {
	var res store.MergeResult
	once := store.ImportKey(opts...)
	err := db.write(func(w *writer) error {
		res = store.MergeResult{}
		if once != "" {
			taken, err := w.takeSetting(once)
			if err != nil {
				return err
			}
			if !taken {
				v, err := w.setting(once)
				if err == nil {
					res, _, err = store.UnmarshalImported(v)
				}
				return err
			}
		}
		err := from(func(r store.Record) error {
			if err := store.PrepareImport(&r); err != nil {
				return err
			}
			return w.importOne(r, &res)
		})
		if err != nil || once == "" {
			return err
		}
		v, err := store.MarshalImported(res, db.stamp())
		if err != nil {
			return err
		}
		return w.putSetting(once, v)
	})
	if err != nil {
		return store.MergeResult{}, err
	}
	return res, nil
}

// importOne imports one interview.
func (w *writer) importOne(remote store.Record, res *store.MergeResult) error {
	iv := remote.Interview
	for {
		local, ok, next, err := w.lockOrNext(iv.ID)
		if err != nil {
			return err
		}
		if ok {
			return w.mergeInto(local, remote, res)
		}
		if err := w.prepare(&remote.Interview, remote.Answers); err != nil {
			return err
		}
		if ok, err = w.insert(next, remote.Interview, remote.Answers, remote.Events); err != nil {
			return err
		}
		if ok {
			res.Added++
			return nil
		}
		// Another process added it meanwhile: merged with theirs.
	}
}

// mergeInto merges a version brought with the one held.
func (w *writer) mergeInto(local row, remote store.Record, res *store.MergeResult) error {
	var err error
	if local.iv.History, err = history(w.db, w.tx, local.seq); err != nil {
		return err
	}
	switch store.Decide(local.iv, remote.Interview) {
	case store.MergeUnchanged:
		res.Unchanged++
		return nil
	case store.MergeNewer:
		res.Updated++
		return w.replace(local, remote)
	}
	key := store.ConflictKey(remote.Interview.ID, remote.Interview.Hash)
	data, err := w.db.seal.SealValue(store.TableConflicts, key, remote)
	if err != nil {
		return err
	}
	tag, err := w.tx.Exec(w.db.ctx, "INSERT INTO conflicts (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING", key, data)
	if err != nil {
		return err
	}
	if tag.RowsAffected() == 0 {
		res.Unchanged++ // kept already
	} else {
		res.Conflicts++
	}
	return nil
}

// replace writes a whole interview over the one held (locked), keeping
// the paradata of both, each event once; its history becomes the
// record's.
func (w *writer) replace(local row, remote store.Record) error {
	var old []store.Event
	if err := events(w.db, w.tx, local.seq, func(e store.Event) error { old = append(old, e); return nil }); err != nil {
		return err
	}
	if _, err := w.tx.Exec(w.db.ctx, "DELETE FROM log WHERE seq = $1 AND kind = $2", local.seq, store.LogEvents); err != nil {
		return err
	}
	if err := w.appendEvents(local.seq, store.UnionEvents(old, remote.Events)); err != nil {
		return err
	}
	r := local
	r.iv = remote.Interview
	if err := w.prepare(&r.iv, remote.Answers); err != nil {
		return err
	}
	return w.put(r, remote.Answers, true)
}

// Conflicts lists the versions imports kept for a supervisor, each with
// the version held.
func (db *DB) Conflicts() ([]store.Conflict, error) {
	var out []store.Conflict
	err := db.read(func(tx pgx.Tx) error {
		list, err := keyValues(db, tx, "SELECT key, value FROM conflicts ORDER BY key")
		if err != nil {
			return err
		}
		for _, k := range list {
			var c store.Conflict
			if err := db.seal.OpenValue(store.TableConflicts, k.key, k.data, &c.Remote); err != nil {
				return err
			}
			if c.Local, err = db.record(tx, c.Remote.Interview.ID); err != nil {
				return err
			}
			out = append(out, c)
		}
		return nil
	})
	return out, err
}

// ResolveConflict keeps one version of a conflicting interview: ours,
// or the one an import brought (keepRemote); both versions' digests
// become its history (store.Resolved).
func (db *DB) ResolveConflict(id, remoteHash string, keepRemote bool, who string) error {
	key := store.ConflictKey(id, remoteHash)
	return db.write(func(w *writer) error {
		local, err := w.mustLock(id)
		if err != nil {
			return err
		}
		var data []byte
		err = w.tx.QueryRow(db.ctx, "SELECT value FROM conflicts WHERE key = $1 FOR UPDATE", key).Scan(&data)
		if errors.Is(err, pgx.ErrNoRows) {
			return fmt.Errorf("conflict %s: %w", key, store.ErrNotFound)
		}
		if err != nil {
			return err
		}
		var remote store.Record
		if err := db.seal.OpenValue(store.TableConflicts, key, data, &remote); err != nil {
			return err
		}
		if local.iv.History, err = history(db, w.tx, local.seq); err != nil {
			return err
		}
		r := local
		kept, other := local.iv, remote.Interview
		if keepRemote {
			kept, other = remote.Interview, local.iv
			if err := w.replace(local, remote); err != nil {
				return err
			}
			paths, err := w.indexedPaths()
			if err != nil {
				return err
			}
			store.Reindex(&kept, paths, remote.Answers)
			store.SetAnswersSum(&kept, remote.Answers)
			written := kept // what replace wrote: the counts move from it
			r.before = &written
		}
		kept, ev := store.Resolved(kept, other, keepRemote, who, db.stamp())
		if err := w.appendEvents(local.seq, []store.Event{ev}); err != nil {
			return err
		}
		r.iv = kept
		if err := w.put(r, nil, true); err != nil {
			return err
		}
		_, err = w.tx.Exec(db.ctx, "DELETE FROM conflicts WHERE key = $1", key)
		return err
	})
}
