package store

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"
)

// bbolt lets one process open the file, so while the desk (or the cloud
// server) runs, a second racedesk cannot read it. The running process
// therefore listens beside the database, and commands such as `racedesk
// backup` or `racedesk register` ask it to do the work inside its own
// process.
//
// The channel is DB.ctl: a unix socket where one can be made (Linux,
// macOS, a path short enough for sun_path), else a loopback TCP port whose
// address and a random secret are written to DB.ctl (a file only its user
// may read, beside a database only its user may read): Windows, and a
// database deep in a synced folder whose path a socket cannot hold. A
// request on TCP must carry the secret. If neither can be made, the
// caller gets an error and goes on without the channel (the desk says so).

// ControlPath is the channel of the process that has dbPath open.
func ControlPath(dbPath string) string { return dbPath + ".ctl" }

// controlFileMagic begins a DB.ctl that names a TCP port.
const controlFileMagic = "racedesk-control tcp"

// controlDialTimeout bounds connecting; a request then has its own deadline.
const controlDialTimeout = time.Second

// ControlHandler answers one control operation with a JSON-able result.
type ControlHandler func(arg string) (any, error)

type controlRequest struct {
	Op     string `json:"op"`
	Arg    string `json:"arg,omitempty"`
	Secret string `json:"secret,omitempty"` // a TCP channel's
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
	ln, secret, err := listenControl(ControlPath(s.path))
	if err != nil {
		return nil, err
	}
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go handleControl(c, secret, handlers)
		}
	}()
	path := ControlPath(s.path)
	return func() { ln.Close(); os.Remove(path) }, nil
}

// listenControl makes the channel at path: a unix socket, else loopback
// TCP with a secret ("" for the socket, which file permissions guard).
func listenControl(path string) (net.Listener, string, error) {
	// A channel left by a process that was killed would block the listen;
	// one a live process answers on is that process's.
	if c, _, err := dialControl(path); err == nil {
		c.Close()
		return nil, "", fmt.Errorf("control channel %s: another process answers on it", path)
	}
	if err := os.Remove(path); err != nil && !errors.Is(err, os.ErrNotExist) {
		return nil, "", fmt.Errorf("control channel: %w", err)
	}
	var unixErr error
	if runtime.GOOS != "windows" {
		ln, err := net.Listen("unix", path)
		if err == nil {
			// Connecting needs write permission on the socket: only this
			// user may ask the desk to run commands as it.
			if err := os.Chmod(path, 0o600); err != nil {
				ln.Close()
				return nil, "", fmt.Errorf("control channel: %w", err)
			}
			return ln, "", nil
		}
		unixErr = err
	}
	ln, secret, err := listenControlTCP(path)
	if err != nil {
		if unixErr != nil {
			err = fmt.Errorf("%w (a unix socket: %v)", err, unixErr)
		}
		return nil, "", fmt.Errorf("control channel: %w", err)
	}
	return ln, secret, nil
}

// listenControlTCP listens on a loopback port and writes its address and
// a new secret to path, readable by this user only.
func listenControlTCP(path string) (net.Listener, string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, "", err
	}
	b := make([]byte, 24)
	if _, err := rand.Read(b); err != nil {
		ln.Close()
		return nil, "", err
	}
	secret := hex.EncodeToString(b)
	tmp := path + ".tmp"
	content := fmt.Sprintf("%s %s %s\n", controlFileMagic, ln.Addr(), secret)
	if err := os.WriteFile(tmp, []byte(content), 0o600); err != nil {
		ln.Close()
		return nil, "", err
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		ln.Close()
		return nil, "", err
	}
	return ln, secret, nil
}

// dialControl connects to the channel at path and returns the secret a
// request must carry.
func dialControl(path string) (net.Conn, string, error) {
	st, err := os.Lstat(path)
	if err != nil {
		return nil, "", err
	}
	if st.Mode()&os.ModeSocket != 0 {
		c, err := net.DialTimeout("unix", path, controlDialTimeout)
		return c, "", err
	}
	if !st.Mode().IsRegular() || st.Size() > 4096 {
		return nil, "", fmt.Errorf("%s is not a control channel", path)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, "", err
	}
	f := strings.Fields(string(b))
	if len(f) != 4 || f[0]+" "+f[1] != controlFileMagic {
		return nil, "", fmt.Errorf("%s is not a control channel", path)
	}
	host, _, err := net.SplitHostPort(f[2])
	if err != nil || !net.ParseIP(host).IsLoopback() {
		return nil, "", fmt.Errorf("%s names no loopback address", path) // never send the request off this laptop
	}
	c, err := net.DialTimeout("tcp", f[2], controlDialTimeout)
	return c, f[3], err
}

func handleControl(c net.Conn, secret string, handlers map[string]ControlHandler) {
	defer c.Close()
	c.SetDeadline(time.Now().Add(5 * time.Minute))
	var req controlRequest
	if err := json.NewDecoder(c).Decode(&req); err != nil {
		return
	}
	if subtle.ConstantTimeCompare([]byte(req.Secret), []byte(secret)) != 1 {
		json.NewEncoder(c).Encode(controlReply{Error: "wrong control secret"})
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
	c, secret, err := dialControl(ControlPath(dbPath))
	if err != nil {
		return ErrNoDesk
	}
	defer c.Close()
	c.SetDeadline(time.Now().Add(5 * time.Minute))
	if err := json.NewEncoder(c).Encode(controlRequest{Op: op, Arg: arg, Secret: secret}); err != nil {
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
