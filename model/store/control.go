package store

import (
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"time"

	bolt "go.etcd.io/bbolt"
)

// bbolt lets one process open the file, so while the desk (or the cloud
// server) runs, a second racedesk cannot read it. The running process
// therefore listens on a unix socket beside the database, and commands such
// as `racedesk backup` or `racedesk sync` ask it to do the work inside its
// own process.

// ControlPath is the socket of the process that has dbPath open.
func ControlPath(dbPath string) string { return dbPath + ".ctl" }

// ControlHandler answers one control operation with a JSON-able result.
type ControlHandler func(arg string) (any, error)

type controlRequest struct {
	Op  string `json:"op"`
	Arg string `json:"arg,omitempty"`
}

type controlReply struct {
	Result json.RawMessage `json:"result,omitempty"`
	Error  string          `json:"error,omitempty"`
}

// BackupResult is the answer to a "backup" request.
type BackupResult struct {
	Bytes int64 `json:"bytes"`
}

// ServeControl answers control requests for s until stop is called:
// "backup" (arg: absolute path) always, plus the extra operations given.
func ServeControl(s *Store, extra map[string]ControlHandler) (stop func(), err error) {
	handlers := map[string]ControlHandler{
		"backup": func(to string) (any, error) {
			if !filepath.IsAbs(to) {
				return nil, errors.New("backup path must be absolute")
			}
			n, err := s.BackupToFile(to)
			return BackupResult{Bytes: n}, err
		},
	}
	for op, h := range extra {
		handlers[op] = h
	}
	path := ControlPath(s.path)
	// A socket left by a process that was killed would block the listen.
	if c, err := net.DialTimeout("unix", path, 200*time.Millisecond); err == nil {
		c.Close()
		return nil, fmt.Errorf("control socket %s: another process answers on it", path)
	}
	os.Remove(path)
	ln, err := net.Listen("unix", path)
	if err != nil {
		return nil, fmt.Errorf("control socket: %w", err)
	}
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go handleControl(c, handlers)
		}
	}()
	return func() { ln.Close(); os.Remove(path) }, nil
}

func handleControl(c net.Conn, handlers map[string]ControlHandler) {
	defer c.Close()
	c.SetDeadline(time.Now().Add(5 * time.Minute))
	var req controlRequest
	if err := json.NewDecoder(c).Decode(&req); err != nil {
		return
	}
	var rep controlReply
	h, ok := handlers[req.Op]
	if !ok {
		rep.Error = fmt.Sprintf("this process does not do %q", req.Op)
	} else if result, err := h(req.Arg); err != nil {
		rep.Error = err.Error()
	} else {
		rep.Result, _ = json.Marshal(result)
	}
	json.NewEncoder(c).Encode(rep)
}

// ErrNoDesk means no running process answered on the control socket.
var ErrNoDesk = errors.New("no running racedesk answers for this database")

// RequestControl asks the process that has dbPath open to do op, and
// decodes its result into result.
func RequestControl(dbPath, op, arg string, result any) error {
	c, err := net.DialTimeout("unix", ControlPath(dbPath), time.Second)
	if err != nil {
		return ErrNoDesk
	}
	defer c.Close()
	c.SetDeadline(time.Now().Add(5 * time.Minute))
	if err := json.NewEncoder(c).Encode(controlRequest{Op: op, Arg: arg}); err != nil {
		return fmt.Errorf("ask the running desk to %s: %w", op, err)
	}
	var rep controlReply
	if err := json.NewDecoder(c).Decode(&rep); err != nil {
		return fmt.Errorf("ask the running desk to %s: %w", op, err)
	}
	if rep.Error != "" {
		return fmt.Errorf("running desk: %s: %s", op, rep.Error)
	}
	if result != nil && rep.Result != nil {
		return json.Unmarshal(rep.Result, result)
	}
	return nil
}

// RequestBackup asks the process that has dbPath open to write a backup to
// the absolute path to.
func RequestBackup(dbPath, to string) (int64, error) {
	var r BackupResult
	err := RequestControl(dbPath, "backup", to, &r)
	return r.Bytes, err
}

// PeekLang is the language of the event in the file at path, read without
// waiting for a process that holds it ("" when it cannot be read now).
func PeekLang(path string) string {
	if st, err := os.Stat(path); err != nil || st.Size() == 0 {
		return ""
	}
	db, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: 100 * time.Millisecond, ReadOnly: true})
	if err != nil {
		return ""
	}
	defer db.Close()
	var ev struct {
		Lang string `json:"lang"`
	}
	db.View(func(tx *bolt.Tx) error {
		if meta := tx.Bucket(bMeta); meta != nil {
			json.Unmarshal(meta.Get(kEvent), &ev)
		}
		return nil
	})
	return ev.Lang
}
