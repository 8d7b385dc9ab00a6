package store

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"
)

// ImportOptions change what Import does.
type ImportOptions struct {
	// Key, when given, makes the import happen once (an idempotency key:
	// headquarters passes a pack's id). Its result is recorded under Key
	// in the import's own transaction, so that no crash can leave the
	// interviews imported without the record, or the record without the
	// interviews; an import under a Key recorded already reads nothing,
	// writes nothing, and returns the result recorded, with Again set.
	// Records are kept until PruneImports removes them.
	Key string
}

// ImportedPrefix is the settings' prefix under which the result of an
// import made with a Key is recorded.
const ImportedPrefix = "imported/"

// importKey is the setting an import with opts records its result
// under; "" when it has no Key.
func importKey(opts []ImportOptions) string {
	for _, o := range opts {
		if o.Key != "" {
			return ImportedPrefix + o.Key
		}
	}
	return ""
}

// imported is an import's result as it is recorded.
type imported struct {
	Result MergeResult `json:"result"`
	At     time.Time   `json:"at"`
}

// MarshalImported is how an implementation records the result of an
// import made at a time.
func MarshalImported(res MergeResult, at time.Time) (string, error) {
	res.Again = false
	b, err := json.Marshal(imported{Result: res, At: at.UTC()})
	return string(b), err
}

// UnmarshalImported reads what MarshalImported wrote: the result (with
// Again set) and when it was made.
func UnmarshalImported(v string) (MergeResult, time.Time, error) {
	var r imported
	if err := json.Unmarshal([]byte(v), &r); err != nil {
		return MergeResult{}, time.Time{}, fmt.Errorf("a recorded import is damaged: %w", err)
	}
	r.Result.Again = true
	return r.Result, r.At, nil
}

// ImportKey is the setting an import made with opts records its result
// under, for an implementation of Interviews; "" when opts give no Key.
func ImportKey(opts ...ImportOptions) string { return importKey(opts) }

// PruneImports forgets the imports recorded (ImportOptions.Key) before
// a time: an import under one of their keys is made again afterwards
// (and, by the rules of a merge, adds nothing it added before). It
// returns how many it forgot.
func PruneImports(st Interviews, before time.Time) (int, error) {
	var old []string
	err := st.EachSetting(ImportedPrefix, func(key, value string) error {
		_, at, err := UnmarshalImported(value)
		if err != nil || at.Before(before) {
			old = append(old, key)
		}
		return nil
	})
	if err != nil || len(old) == 0 {
		return 0, err
	}
	return len(old), st.DeleteSettings(old...)
}

// hasPrefix reports whether a setting's name starts with prefix.
func hasPrefix(key []byte, prefix string) bool { return strings.HasPrefix(string(key), prefix) }
