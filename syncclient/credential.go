package syncclient

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
)

// A desk authenticates to the cloud with a secret of its own, bound to its
// device when it joins. The secret lives in a file beside the database
// (CredentialPath), not in it: a backup of the database on a USB stick
// does not carry it. When the database takes a new identity (restored,
// copied), the old identity's secret stays in the file as "previous": it
// is what lets the new identity join as the old one's successor.

// credential is the desk's secret for its current device, and the one of
// the device before it.
type credential struct {
	Device   string      `json:"device"`
	Token    string      `json:"token"`
	Joined   bool        `json:"joined"`
	Previous *credential `json:"previous,omitempty"`
}

// CredentialPath is where the desk keeps its secret for dbPath.
func CredentialPath(dbPath string) string { return dbPath + ".token" }

func loadCredential(dbPath string) (credential, error) {
	var c credential
	b, err := os.ReadFile(CredentialPath(dbPath))
	if errors.Is(err, os.ErrNotExist) {
		return c, nil
	}
	if err != nil {
		return c, fmt.Errorf("read the desk's token: %w", err)
	}
	if err := json.Unmarshal(b, &c); err != nil {
		return credential{}, nil // unreadable: the desk joins again
	}
	return c, nil
}

// save writes the credential durably (temp file, fsync, rename): a desk
// that joined must not forget the secret the cloud now expects.
func (c credential) save(dbPath string) error {
	b, err := json.MarshalIndent(c, "", "  ")
	if err != nil {
		return err
	}
	path := CredentialPath(dbPath)
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return fmt.Errorf("save the desk's token: %w", err)
	}
	defer os.Remove(tmp.Name())
	_, err = tmp.Write(b)
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(tmp.Name(), 0o600)
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	if err != nil {
		return fmt.Errorf("save the desk's token: %w", err)
	}
	return nil
}

// forDevice is the credential to use for device: the current one, or a
// new secret (not yet joined) that keeps the old one as previous.
func (c credential) forDevice(device string, newToken func() string) credential {
	if c.Device == device && c.Token != "" {
		return c
	}
	next := credential{Device: device, Token: newToken()}
	if c.Joined {
		prev := c
		prev.Previous = nil
		next.Previous = &prev
	} else if c.Previous != nil {
		next.Previous = c.Previous
	}
	return next
}
