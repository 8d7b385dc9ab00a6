package export

import (
	"fmt"
	"os"
	"path/filepath"
)

// stage makes the folder an export is written into: a new folder beside
// dir, renamed to dir (or its files moved into dir, when it exists) only
// once every file is written. An export that fails halfway (a full disk)
// leaves no cut or empty file behind, and a former export in dir as it
// was.
func stage(dir string) (work string, err error) {
	parent := filepath.Dir(filepath.Clean(dir))
	if err := os.MkdirAll(parent, 0o700); err != nil {
		return "", fmt.Errorf("export folder %s: %w", dir, err)
	}
	if info, err := os.Stat(dir); err == nil && !info.IsDir() {
		return "", fmt.Errorf("export folder %s is a file; name a folder", dir)
	}
	work, err = os.MkdirTemp(parent, "."+filepath.Base(filepath.Clean(dir))+".partial-")
	if err != nil {
		return "", fmt.Errorf("export folder %s: %w", dir, err)
	}
	return work, nil
}

// publish puts the finished export in dir.
func publish(work, dir string) error {
	if _, err := os.Stat(dir); os.IsNotExist(err) {
		return os.Rename(work, dir)
	}
	entries, err := os.ReadDir(work)
	if err != nil {
		return err
	}
	for _, e := range entries {
		if err := os.Rename(filepath.Join(work, e.Name()), filepath.Join(dir, e.Name())); err != nil {
			return err
		}
	}
	return os.Remove(work)
}
