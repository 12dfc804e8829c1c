package store

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/racedesk/racedesk/model"
)

// The cloud's desk tokens. A desk authenticates as itself: each token is
// bound to one device, and the cloud accepts a device's changes only with
// one of its tokens. Tokens come to be in three ways:
//
//   - join: a desk holding the event's enrolment token (the cloud's
//     --token-file, which an organizer hands out) joins with a secret it
//     made itself; the cloud binds the secret to the desk's device;
//   - organizer: `racedesk cloud token add --desk NAME` issues a token
//     bound to no device yet; the first desk that joins with it binds it
//     (and its own secret) to its device;
//   - successor: a restored or copied desk that took a new identity joins
//     the new device with a token of its old one.
//
// Only a digest of each token is stored: the file (and its backups) cannot
// be used to sync as a desk.

var bDeskTokens = []byte("desk_tokens") // sha256(token) hex → DeskToken JSON

// DeskToken is what the cloud knows of one token.
type DeskToken struct {
	Hash    string    `json:"-"`
	Prefix  string    `json:"prefix"` // the token's first characters, to tell tokens apart
	Desk    string    `json:"desk"`
	Device  string    `json:"device,omitempty"` // bound device ("" until first use)
	Via     string    `json:"via"`              // join, organizer, successor
	Parent  string    `json:"parent,omitempty"` // the device a successor took over from
	Created time.Time `json:"created"`
	Revoked time.Time `json:"revoked,omitzero"`
	// Hub: the desk may push the changes of the devices it serves on the
	// venue network (relay.go), under their own identities. Only a token
	// the organizer issued as a hub's gives it, and a desk joining with
	// such a token inherits it.
	Hub bool `json:"hub,omitempty"`
}

// Token errors, matched with errors.Is.
var (
	ErrTokenUnknown     = errors.New("unknown token")
	ErrTokenRevoked     = errors.New("this token was revoked by the organizer")
	ErrTokenOtherDevice = errors.New("this token belongs to another desk")
	ErrDeviceJoined     = errors.New("this device has joined already with another token")
)

const tokenPrefix = "rdt_"

// NewToken makes a random secret for a desk (256 bits, hex).
func NewToken() string {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		panic(fmt.Sprintf("no random source: %v", err)) // crypto/rand does not fail on supported systems
	}
	return tokenPrefix + hex.EncodeToString(b)
}

// TokenHash is the digest a token is stored and looked up by (SHA-256,
// hex): the token itself is never stored.
func TokenHash(tok string) string {
	sum := sha256.Sum256([]byte(tok))
	return hex.EncodeToString(sum[:])
}

// TokenPrefix is the token's first characters, shown to tell tokens
// apart (too few to use it).
func TokenPrefix(tok string) string {
	t := strings.TrimPrefix(tok, tokenPrefix)
	return t[:min(8, len(t))]
}

// ValidToken reports whether s looks like a desk secret (long enough to
// be one; the join refuses short ones).
func ValidToken(s string) bool { return len(s) >= 32 && len(s) <= 200 }

// IssueToken makes an organizer's token for a desk, bound to the first
// device that joins with it.
func (s *Store) IssueToken(desk string) (string, DeskToken, error) { return s.issueToken(desk, false) }

// IssueHubToken is IssueToken for a hub: the desk that joins with it may
// relay the changes of the devices it serves.
func (s *Store) IssueHubToken(desk string) (string, DeskToken, error) {
	return s.issueToken(desk, true)
}

func (s *Store) issueToken(desk string, hub bool) (string, DeskToken, error) {
	if err := CheckDeskName(desk); err != nil {
		return "", DeskToken{}, err
	}
	tok := NewToken()
	t := DeskToken{Hash: TokenHash(tok), Prefix: TokenPrefix(tok), Desk: desk, Via: "organizer", Created: s.now().UTC(), Hub: hub}
	err := s.db.Update(func(tx *bolt.Tx) error { return putToken(tx, t) })
	if err != nil {
		return "", DeskToken{}, fmt.Errorf("issue token: %w", err)
	}
	return tok, t, nil
}

// Authenticate finds a desk token that is in force.
func (s *Store) Authenticate(tok string) (DeskToken, error) {
	var t DeskToken
	err := s.db.View(func(tx *bolt.Tx) error {
		var err error
		t, err = getToken(tx, TokenHash(tok))
		return err
	})
	if err != nil {
		return t, err
	}
	if !t.Revoked.IsZero() {
		return t, ErrTokenRevoked
	}
	return t, nil
}

// JoinRequest binds a desk's own secret to its device.
type JoinRequest struct {
	Device   string
	Desk     string
	Token    string // the desk's secret
	Previous string // the device it took over from (restored or copied), if any
}

// Join binds req.Token to req.Device on the authority of auth: nil for
// the event's enrolment token, else a desk token (see the package note).
// Repeating a join that went through changes nothing (the answer may have
// been lost on the link).
func (s *Store) Join(auth *DeskToken, req JoinRequest) (DeskToken, error) {
	if !ValidToken(req.Token) {
		return DeskToken{}, errors.New("the desk's token is too short")
	}
	if err := CheckDeskName(req.Desk); err != nil {
		return DeskToken{}, err
	}
	var out DeskToken
	err := s.db.Update(func(tx *bolt.Tx) error {
		hash := TokenHash(req.Token)
		if t, err := getToken(tx, hash); err == nil {
			if t.Device != req.Device || !t.Revoked.IsZero() {
				return ErrTokenOtherDevice
			}
			out = t // a repeated join
			return nil
		}
		via, parent, err := s.joinAuthority(tx, auth, req)
		if err != nil {
			return err
		}
		out = DeskToken{Hash: hash, Prefix: TokenPrefix(req.Token), Desk: req.Desk, Device: req.Device, Via: via, Parent: parent, Created: s.now().UTC(),
			Hub: auth != nil && auth.Hub}
		return putToken(tx, out)
	})
	return out, err
}

// joinAuthority decides whether auth may join req.Device, and how.
func (s *Store) joinAuthority(tx *bolt.Tx, auth *DeskToken, req JoinRequest) (via, parent string, err error) {
	bound, err := tokensOfDevice(tx, req.Device)
	if err != nil {
		return "", "", err
	}
	switch {
	case auth == nil:
		if len(bound) > 0 {
			return "", "", ErrDeviceJoined // nobody takes over a desk that joined
		}
		return "join", "", nil
	case !auth.Revoked.IsZero():
		return "", "", ErrTokenRevoked
	case auth.Device == req.Device:
		return "join", "", nil // a second token for itself
	case auth.Device == "" && len(bound) == 0:
		auth.Device = req.Device // the organizer's token is now this desk's
		return "organizer", "", putToken(tx, *auth)
	case auth.Device != "" && auth.Device == req.Previous && len(bound) == 0:
		return "successor", req.Previous, nil
	case len(bound) > 0:
		return "", "", ErrDeviceJoined
	}
	return "", "", ErrTokenOtherDevice
}

// Tokens lists every desk token, oldest first.
func (s *Store) Tokens() ([]DeskToken, error) {
	var out []DeskToken
	err := s.db.View(func(tx *bolt.Tx) error {
		var err error
		out, err = allTokens(tx)
		return err
	})
	sort.SliceStable(out, func(i, j int) bool { return out[i].Created.Before(out[j].Created) })
	return out, err
}

// RevokeTokens revokes every token in force that sel names: a desk name,
// a device ID (or its first characters), or a token's prefix. It returns
// the tokens it revoked.
func (s *Store) RevokeTokens(sel string) ([]DeskToken, error) {
	sel = strings.TrimSpace(sel)
	if err := CheckSelector(sel); err != nil {
		return nil, err
	}
	var out []DeskToken
	err := s.db.Update(func(tx *bolt.Tx) error {
		all, err := allTokens(tx)
		if err != nil {
			return err
		}
		for _, t := range all {
			if !t.Selected(sel) || !t.Revoked.IsZero() {
				continue
			}
			t.Revoked = s.now().UTC()
			if err := putToken(tx, t); err != nil {
				return err
			}
			out = append(out, t)
		}
		return nil
	})
	return out, err
}

// CheckSelector refuses a selection of tokens to revoke that is too short
// to name one desk.
func CheckSelector(sel string) error {
	if len(sel) < 4 {
		return errors.New("name a desk, a device or a token prefix (at least 4 characters)")
	}
	return nil
}

// Selected reports whether sel (trimmed, CheckSelector) names t: its
// desk's name, its device ID's first characters or its prefix.
func (t DeskToken) Selected(sel string) bool {
	return strings.EqualFold(t.Desk, sel) || strings.HasPrefix(t.Prefix, strings.TrimPrefix(sel, tokenPrefix)) ||
		(t.Device != "" && strings.HasPrefix(t.Device, sel))
}

// CheckDeskName refuses a desk name a terminal would run rather than show:
// names come from other desks and end up in the organizer's token list.
func CheckDeskName(desk string) error {
	if len(desk) > model.MaxDeskNameLen {
		return errors.New("desk name longer than 60 characters")
	}
	// Stored and shown on other desks as it comes: the text policy's
	// check for stored text (nothing is rewritten).
	return model.CheckStoredText(model.FDesk, desk)
}

func putToken(tx *bolt.Tx, t DeskToken) error {
	return putJSON(tx.Bucket(bDeskTokens), []byte(t.Hash), t)
}

func getToken(tx *bolt.Tx, hash string) (DeskToken, error) {
	v := tx.Bucket(bDeskTokens).Get([]byte(hash))
	if v == nil {
		return DeskToken{}, ErrTokenUnknown
	}
	var t DeskToken
	if err := json.Unmarshal(v, &t); err != nil {
		return t, fmt.Errorf("read token: %w", err)
	}
	t.Hash = hash
	return t, nil
}

func allTokens(tx *bolt.Tx) ([]DeskToken, error) {
	var out []DeskToken
	err := tx.Bucket(bDeskTokens).ForEach(func(k, v []byte) error {
		var t DeskToken
		if err := json.Unmarshal(v, &t); err != nil {
			return err
		}
		t.Hash = string(k)
		out = append(out, t)
		return nil
	})
	return out, err
}

// tokensOfDevice lists the tokens bound to a device (a cloud has dozens
// of desks, not thousands: a scan is fine at join time).
func tokensOfDevice(tx *bolt.Tx, device string) ([]DeskToken, error) {
	all, err := allTokens(tx)
	var out []DeskToken
	for _, t := range all {
		if t.Device == device {
			out = append(out, t)
		}
	}
	return out, err
}
