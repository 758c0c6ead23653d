package rollup

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
)

// Store keeps the derivation progress (the checkpoints) in one JSON file of the data folder,
// replaced atomically: written to a temporary file, fsynced, renamed over the old one and
// the folder fsynced, so a kill -9 at any moment leaves either the old or the new progress.
type Store struct{ path string }

// OpenStore opens (creating the folder) the progress file of a data folder.
func OpenStore(dir string) (*Store, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	return &Store{path: filepath.Join(dir, "progress.json")}, nil
}

// Load returns the saved checkpoints, none on a new data folder.
func (s *Store) Load() ([]Checkpoint, error) {
	b, err := os.ReadFile(s.path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var cps []Checkpoint
	if err := json.Unmarshal(b, &cps); err != nil {
		return nil, fmt.Errorf("%s: %w", s.path, err)
	}
	return cps, nil
}

// Save replaces the saved checkpoints.
func (s *Store) Save(cps []Checkpoint) error {
	b, err := json.Marshal(cps)
	if err != nil {
		return err
	}
	tmp := s.path + ".tmp"
	f, err := os.Create(tmp)
	if err != nil {
		return err
	}
	if _, err := f.Write(b); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	if err := os.Rename(tmp, s.path); err != nil {
		return err
	}
	d, err := os.Open(filepath.Dir(s.path))
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}
