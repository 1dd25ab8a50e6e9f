package store

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// staleAfter is how old a temporary file must be to count as left behind: younger ones may be
// another juece process's (a checkpoint or an upload in flight).
const staleAfter = 10 * time.Minute

// RemoveStaleTemporaryFiles removes what a killed process left in the data directory: the
// temporary files of checkpoints and keys being written (.tmp-*) and of uploads being received
// (.upload-*), older than staleAfter. It returns the paths it removed.
func RemoveStaleTemporaryFiles(dataDir string, now time.Time) ([]string, error) {
	var removed []string
	var errs []error
	for _, d := range []struct{ dir, prefix string }{
		{filepath.Join(dataDir, checkpointDirName), ".tmp-"},
		{filepath.Join(dataDir, "keys"), ".tmp-"},
		{filesDir(dataDir), ".upload-"},
	} {
		entries, err := os.ReadDir(d.dir)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			errs = append(errs, err)
			continue
		}
		for _, e := range entries {
			if !e.Type().IsRegular() || !strings.HasPrefix(e.Name(), d.prefix) {
				continue
			}
			info, err := e.Info()
			if err != nil || now.Sub(info.ModTime()) < staleAfter {
				continue
			}
			p := filepath.Join(d.dir, e.Name())
			if err := os.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
				errs = append(errs, err)
				continue
			}
			removed = append(removed, p)
		}
	}
	return removed, errors.Join(errs...)
}
