package model

import "github.com/racedesk/racedesk/model/msg"

// Text explains a timing flag in words: "bib 17 finished twice at
// 10:41:13.4 — the first counts".
func (f Flag) Text(lang msg.Lang) string {
	at := ""
	if !f.At.IsZero() {
		at = f.At.Format("15:04:05.0")
	}
	return msg.T(lang, msg.Key("flag."+f.Kind), f.Bib, at)
}
