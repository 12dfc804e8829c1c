package store

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"time"
)

// bbolt lets one process open the file, so while the desk runs a second
// racedesk cannot read it. The desk therefore listens on a unix socket
// beside the database, and commands such as `racedesk backup` ask it to do
// the work inside its own process.

// ControlPath is the socket of the desk that has dbPath open.
func ControlPath(dbPath string) string { return dbPath + ".ctl" }

type controlRequest struct {
	Op string `json:"op"` // "backup"
	To string `json:"to"`
}

type controlReply struct {
	Bytes int64  `json:"bytes"`
	Error string `json:"error,omitempty"`
}

// ServeControl answers control requests for s until stop is called.
func ServeControl(s *Store) (stop func(), err error) {
	path := ControlPath(s.path)
	// A socket left by a desk that was killed would block the listen.
	if c, err := net.DialTimeout("unix", path, 200*time.Millisecond); err == nil {
		c.Close()
		return nil, fmt.Errorf("control socket %s: another desk answers on it", path)
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
			go s.handleControl(c)
		}
	}()
	return func() { ln.Close(); os.Remove(path) }, nil
}

func (s *Store) handleControl(c net.Conn) {
	defer c.Close()
	c.SetDeadline(time.Now().Add(5 * time.Minute))
	var req controlRequest
	if err := json.NewDecoder(bufio.NewReader(c)).Decode(&req); err != nil {
		return
	}
	var rep controlReply
	switch req.Op {
	case "backup":
		to := req.To
		if !filepath.IsAbs(to) {
			rep.Error = "backup path must be absolute"
			break
		}
		n, err := s.BackupToFile(to)
		rep.Bytes = n
		if err != nil {
			rep.Error = err.Error()
		}
	default:
		rep.Error = fmt.Sprintf("unknown request %q", req.Op)
	}
	json.NewEncoder(c).Encode(rep)
}

// ErrNoDesk means no running desk answered on the control socket.
var ErrNoDesk = errors.New("no running desk answers for this database")

// RequestBackup asks the desk that has dbPath open to write a backup to
// the absolute path to.
func RequestBackup(dbPath, to string) (int64, error) {
	c, err := net.DialTimeout("unix", ControlPath(dbPath), time.Second)
	if err != nil {
		return 0, ErrNoDesk
	}
	defer c.Close()
	c.SetDeadline(time.Now().Add(5 * time.Minute))
	if err := json.NewEncoder(c).Encode(controlRequest{Op: "backup", To: to}); err != nil {
		return 0, fmt.Errorf("ask desk for backup: %w", err)
	}
	var rep controlReply
	if err := json.NewDecoder(c).Decode(&rep); err != nil {
		return 0, fmt.Errorf("ask desk for backup: %w", err)
	}
	if rep.Error != "" {
		return 0, fmt.Errorf("desk backup: %s", rep.Error)
	}
	return rep.Bytes, nil
}
