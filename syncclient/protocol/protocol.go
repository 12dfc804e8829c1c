// Package protocol is the wire format of racedesk sync, shared by the desk's
// client (syncclient) and the cloud server (syncclient/cloud). One HTTP
// round trip carries both directions: the request pushes the desk's
// unacknowledged changes and names the pull cursor; the response
// acknowledges the push and streams the changes since the cursor, each
// with its log position, so a cut response keeps what arrived (wire.go).
// Join, event and ping stay JSON. See docs/sync-protocol.md.
package protocol

import (
	"github.com/racedesk/racedesk/model"
	"github.com/racedesk/racedesk/model/store"
)

// ProtocolVersion is the version this desk speaks. Version 3 replaced the
// JSON pages of sync by one streamed binary message per direction (wire.go);
// version 2 added the event on every request, desk tokens (join), and the
// digest of the last change the cloud holds from the desk.
const ProtocolVersion = 3

// Paths of the cloud's API.
const (
	PathSync  = "/v3/sync"
	PathEvent = "/v3/event"
	PathPing  = "/v3/ping"
	PathJoin  = "/v3/join"
	// PathImport takes a registration platform's export (CSV) into the
	// event, with the enrolment token (the organizer's): query race,
	// date_order, encoding, dry_run as 'racedesk import'.
	PathImport = "/v3/import"
)

// ContentType is the media type of a version-3 sync body.
const ContentType = "application/x-racedesk-sync"

// Version 2, which the cloud still serves to desks not yet updated: the
// same join, event and ping under /v2/, and sync as JSON pages
// (RequestV2, ResponseV2).
const (
	VersionV2   = 2
	PathSyncV2  = "/v2/sync"
	PathEventV2 = "/v2/event"
	PathPingV2  = "/v2/ping"
	PathJoinV2  = "/v2/join"
)

// HeaderTime carries the cloud's clock (Unix milliseconds) on every
// response, so even a ping tells how far the laptop's clock is off; a
// desk's sync request carries the desk's, so a hub can show it.
const HeaderTime = "X-Racedesk-Time"

// HeaderServer names, on every response, the device whose log the server
// serves (the cloud's or a hub's). A desk's pull cursor is a position in
// that log: a desk that moves from the hub to the cloud (or back) must
// not use one server's position with the other.
const HeaderServer = "X-Racedesk-Server"

// HeaderRole is "hub" on every response of a hub: the desks on the venue
// network sync with it every second or two, not every few seconds.
const HeaderRole = "X-Racedesk-Role"

// HeaderEvent names the event on every request.
const HeaderEvent = "X-Racedesk-Event"

// RequestV2 is one version-2 sync round: push and pull together.
type RequestV2 struct {
	Version int    `json:"v"`
	Event   string `json:"event"`
	Device  string `json:"device"`
	Desk    string `json:"desk"`
	// Cursor is the cloud log position this desk has applied.
	Cursor uint64 `json:"cursor"`
	// Push holds this desk's changes not yet acknowledged, oldest first;
	// each is identified by (device, device sequence).
	Push []store.Change `json:"push,omitempty"`
	// Limit caps the changes returned in this page.
	Limit int `json:"limit,omitempty"`
}

// Head is what the cloud checks first: version, event and device.
func (r *RequestV2) Head() (version int, event, device string) { return r.Version, r.Event, r.Device }

// ResponseV2 answers a RequestV2.
type ResponseV2 struct {
	Version    int            `json:"v"`
	ServerTime int64          `json:"time"` // Unix milliseconds
	Ack        store.Ack      `json:"ack"`
	Changes    []store.Change `json:"changes,omitempty"`
	// Cursor is the position after Changes; More says another page waits.
	Cursor uint64 `json:"cursor"`
	More   bool   `json:"more,omitempty"`
}

// EventResponse lets a new desk start from nothing.
type EventResponse struct {
	Version  int         `json:"v"`
	Event    model.Event `json:"event"`
	Identity string      `json:"identity"` // the event's identity (model.Event.Identity)
	Cloud    string      `json:"cloud"`    // the cloud's device ID
}

// JoinRequest binds the desk's own secret to its device. It is sent with
// the event's enrolment token, an organizer's desk token, or (for a desk
// that took a new identity) a token of its previous device.
type JoinRequest struct {
	Version  int    `json:"v"`
	Event    string `json:"event"`
	Device   string `json:"device"`
	Desk     string `json:"desk"`
	Token    string `json:"token"`              // the desk's secret, sent once
	Previous string `json:"previous,omitempty"` // the device it took over from
}

// Head is what the cloud checks first: version, event and device.
func (r *JoinRequest) Head() (version int, event, device string) { return r.Version, r.Event, r.Device }

// JoinResponse confirms a join.
type JoinResponse struct {
	Version int    `json:"v"`
	Device  string `json:"device"`
	Via     string `json:"via"`
}
