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
<link rel="icon" href="data:,">
<style>{{.CSS}}</style>
</head>
<body>
<header><p>{{.Event}}</p><a href="{{.SwitchHref}}" hreflang="{{.SwitchLang}}" lang="{{.SwitchLang}}">{{.SwitchLabel}}</a></header>
<main>
<h1>{{.Heading}}</h1>
{{- if .Form}}{{template "form" .}}
{{- else if .Done}}{{template "done" .}}
{{- else}}
<p class="msg">{{.Message}}</p>
<p><a href="/?lang={{.Lang}}">{{.BackToForm}}</a></p>
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
`))
