package hotspot

import (
	"crypto/sha256"
	"encoding/base64"
	"html/template"
)

// pageCSS is the only stylesheet: inline, so a page is one request on a
// weak Wi-Fi. The Content-Security-Policy allows exactly this text (by
// its hash) and nothing else.
const pageCSS = `*{box-sizing:border-box}
body{margin:0 auto;max-width:34rem;padding:.75rem 1rem 2rem;font:17px/1.4 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#111;background:#fff}
header{display:flex;justify-content:space-between;align-items:baseline;gap:1rem;border-bottom:2px solid #1a5c2e;margin-bottom:.5rem}
header p{margin:.25rem 0;font-weight:600}
h1{font-size:1.35rem;margin:.75rem 0 .25rem}
a{color:#0b4fa8}
.f{margin:0 0 .9rem;padding:0;border:0}
label,legend{display:block;font-weight:600;margin-bottom:.2rem}
small{display:block;color:#555;font-size:.85rem}
input[type=text],input[type=email],input[type=tel],select{width:100%;font:inherit;padding:.55rem;border:1px solid #777;border-radius:6px;background:#fff}
.opt{font-weight:400;display:flex;gap:.5rem;align-items:flex-start;padding:.45rem .2rem;border-bottom:1px solid #eee}
.opt input{width:1.3rem;height:1.3rem;margin:.1rem 0 0;flex:none}
.bad input[type=text],.bad input[type=email],.bad input[type=tel],.bad select{border:2px solid #b00020}
.err{color:#b00020;font-weight:600;margin:.25rem 0 0}
.errs,.notice{border:2px solid #b00020;border-radius:6px;padding:.5rem .75rem;margin:.75rem 0}
.notice{border-color:#a36b00}
button{width:100%;font:inherit;font-weight:700;padding:.8rem;border:0;border-radius:6px;color:#fff;background:#1a5c2e;margin-top:.5rem}
.code{font:700 2.6rem/1.1 ui-monospace,Menlo,Consolas,monospace;letter-spacing:.2em;text-indent:.2em;text-align:center;margin:.5rem 0;padding:.5rem;border:3px solid #111;border-radius:8px}
.qr{display:block;margin:0 auto;max-width:100%;height:auto;image-rendering:pixelated}
.msg{font-size:1.1rem}
.tabs{display:flex;flex-wrap:wrap;gap:.3rem 1rem;margin:.25rem 0 .75rem}
.tabs strong{border-bottom:3px solid #1a5c2e}
.search div{display:flex;gap:.4rem}
.search input{flex:1;min-width:0;font:inherit;padding:.45rem;border:1px solid #777;border-radius:6px}
.search button{width:auto;margin:0;padding:.45rem .9rem}
table{width:100%;border-collapse:collapse;margin:.5rem 0 1rem}
th,td{text-align:left;vertical-align:top;padding:.35rem .25rem;border-bottom:1px solid #ddd}
.pl,.t{text-align:right;white-space:nowrap;font-variant-numeric:tabular-nums}
.out td{color:#555}
h2{font-size:1.15rem;margin:1rem 0 0}
.races{padding-left:1.2rem}
.races li{margin:.5rem 0}
.jumps a{margin-right:.6rem;white-space:nowrap}
.big{font:700 2.4rem/1.1 ui-monospace,Menlo,Consolas,monospace;margin:.5rem 0}
`

// cssHash is pageCSS's CSP source expression.
var cssHash = func() string {
	sum := sha256.Sum256([]byte(pageCSS))
	return "sha256-" + base64.StdEncoding.EncodeToString(sum[:])
}()

var pageTemplate = template.Must(template.New("page").Parse(`<!doctype html>
<html lang="{{.Lang}}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<title>{{.Heading}} – {{.Event}}</title>
{{- if .Refresh}}
<meta http-equiv="refresh" content="{{.Refresh}}">
{{- end}}
<link rel="icon" href="data:,">
<style>{{.CSS}}</style>
</head>
<body>
<header><p>{{.Event}}</p><a href="{{.SwitchHref}}" hreflang="{{.SwitchLang}}" lang="{{.SwitchLang}}">{{.SwitchLabel}}</a></header>
<main>
<h1>{{.Heading}}</h1>
{{- if .Form}}{{template "form" .}}
{{- else if .Done}}{{template "done" .}}
{{- else if .Live}}{{template "live" .}}
{{- else if .Runner}}{{template "runner" .}}
{{- else}}
<p class="msg">{{.Message}}</p>
<p><a href="{{.BackHref}}">{{.BackLabel}}</a></p>
{{- end}}
</main>
</body>
</html>
{{define "form"}}{{$t := .}}{{with .Form}}
<p>{{$t.Intro}}</p>
{{- if .Notice}}
<p class="notice" role="alert">{{.Notice}}</p>
{{- end}}
{{- if .Errors}}
<div class="errs" role="alert"><p>{{$t.CheckFields}}</p><ul>
{{- range .Errors}}
<li>{{if .Anchor}}<a href="#{{.Anchor}}">{{.Text}}</a>{{else}}{{.Text}}{{end}}</li>
{{- end}}
</ul></div>
{{- end}}
<form method="post" action="/register" accept-charset="utf-8" novalidate>
<input type="hidden" name="csrf" value="{{.Token}}">
<input type="hidden" name="lang" value="{{$t.Lang}}">
{{- range .Fields}}
{{- if eq .Kind "radio"}}
<fieldset class="f{{if .Error}} bad{{end}}" id="{{.ID}}"{{if .Error}} aria-describedby="{{.ID}}-err"{{end}}>
<legend>{{.Label}}{{if .Required}} *{{end}}</legend>
{{- $f := .}}{{range .Choices}}
<label class="opt"><input type="radio" name="{{$f.Name}}" value="{{.Value}}"{{if .Checked}} checked{{end}}><span>{{.Label}}{{if .Detail}}<small>{{.Detail}}</small>{{end}}</span></label>
{{- end}}
{{- if .Error}}
<p class="err" id="{{.ID}}-err">{{.Error}}</p>
{{- end}}
</fieldset>
{{- else}}
<div class="f{{if .Error}} bad{{end}}">
<label for="{{.ID}}">{{.Label}}{{if .Required}} *{{end}}</label>
{{- if .Hint}}<small id="{{.ID}}-hint">{{.Hint}}</small>{{end}}
{{- if eq .Kind "select"}}{{$f := .}}
<select id="{{.ID}}" name="{{.Name}}"{{if .Error}} aria-invalid="true" aria-describedby="{{.ID}}-err"{{end}}>
<option value="">–</option>
{{- range .Choices}}
<option value="{{.Value}}"{{if .Checked}} selected{{end}}>{{.Label}}</option>
{{- end}}
</select>
{{- else}}
<input id="{{.ID}}" name="{{.Name}}" type="{{.Type}}" value="{{.Value}}"{{if .Autocomplete}} autocomplete="{{.Autocomplete}}"{{end}}{{if .InputMode}} inputmode="{{.InputMode}}"{{end}}{{if .MaxLen}} maxlength="{{.MaxLen}}"{{end}}{{if .Error}} aria-invalid="true" aria-describedby="{{.ID}}-err"{{else if .Hint}} aria-describedby="{{.ID}}-hint"{{end}}>
{{- end}}
{{- if .Error}}
<p class="err" id="{{.ID}}-err">{{.Error}}</p>
{{- end}}
</div>
{{- end}}
{{- end}}
<button type="submit">{{$t.Submit}}</button>
</form>
<p><small>{{$t.RequiredNote}}</small></p>
<p><a href="/results?lang={{$t.Lang}}">{{$t.ToResults}}</a></p>
{{- end}}{{end}}
{{define "done"}}{{$t := .}}{{with .Done}}
{{- if .Known}}
<p class="notice" role="alert"><strong>{{.Known}}</strong></p>
{{- end}}
<p>{{$t.ShowCode}}</p>
<p class="code" id="code">{{.Code}}</p>
{{- if .QR}}
<img class="qr" src="{{.QR}}" width="{{.QRSize}}" height="{{.QRSize}}" alt="{{.QRAlt}}">
{{- end}}
<p><strong>{{.Name}}</strong><br>{{.Race}}</p>
{{- if .Due}}
<p>{{.Due}}</p>
{{- end}}
<p><small>{{$t.Screenshot}}</small></p>
<p><a href="{{.Again}}">{{$t.Another}}</a></p>
{{- end}}{{end}}
{{define "live"}}{{with .Live}}
{{- if .Tabs}}
<nav class="tabs">{{range .Tabs}}{{if .Current}}<strong>{{.Label}}</strong>{{else}}<a href="{{.Href}}">{{.Label}}</a>{{end}} {{end}}</nav>
{{- end}}
<form class="search" method="get" action="{{.Search.Action}}" role="search">
{{- if .Search.Lang}}<input type="hidden" name="lang" value="{{.Search.Lang}}">{{end}}
<label for="q">{{.Search.Label}}</label>
<div><input id="q" name="q" type="search" value="{{.Search.Q}}" maxlength="60" autocomplete="off"><button type="submit">{{.Search.Button}}</button></div>
</form>
{{- if .Found}}
<p>{{.Found}} <a href="{{.ShowAllRef}}">{{.ShowAll}}</a></p>
{{- end}}
{{- if .Races}}
<ul class="races">
{{- range .Races}}
<li><a href="{{.Href}}">{{.Name}}</a><small>{{.Detail}}</small></li>
{{- end}}
</ul>
{{- end}}
{{- if .Jumps}}
<p class="jumps">{{range .Jumps}}<a href="{{.Href}}">{{.Label}}</a> {{end}}</p>
{{- end}}
{{- $v := .}}
{{- range .Sections}}
{{- if .Title}}
<h2 id="{{.ID}}">{{.Title}}</h2>
{{- end}}
<table class="res">
<thead><tr><th class="pl">{{$v.ColPlace}}</th><th>{{$v.ColName}}</th><th class="t">{{$v.ColTime}}</th></tr></thead>
<tbody>
{{- range .Rows}}
<tr{{if .Out}} class="out"{{end}}><td class="pl">{{.Place}}</td><td><a href="{{.Href}}">{{.Name}}</a><small>{{.Detail}}</small></td><td class="t">{{.Time}}</td></tr>
{{- end}}
</tbody>
</table>
{{- end}}
{{- if .Empty}}
<p class="msg">{{.Empty}}</p>
{{- if .ShowAllRef}}
<p><a href="{{.ShowAllRef}}">{{.ShowAll}}</a></p>
{{- end}}
{{- end}}
<p><small>{{.Note}}</small></p>
{{- end}}{{end}}
{{define "runner"}}{{with .Runner}}
<p>{{.Sub}}</p>
<p class="big" id="result">{{.Big}}</p>
{{- if .Reason}}
<p>{{.Reason}}</p>
{{- end}}
{{- if .Places}}
<table class="places">
{{- range .Places}}
<tr><th>{{.Label}}</th><td class="pl">{{.Place}}</td><td>{{.Of}}</td></tr>
{{- end}}
</table>
{{- end}}
<p><small>{{.Note}}</small></p>
<p><a href="{{.Back.Href}}">{{.Back.Label}}</a></p>
{{- end}}{{end}}
`))
