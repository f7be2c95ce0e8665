import os, re, json, html
from html.parser import HTMLParser
ROOTS = {
 "django": "/tmp/docs/x/python-django-doc/usr/share/doc/python-django-doc/html",
 "flask": "/tmp/docs/x/python-flask-doc/usr/share/doc/python-flask-doc/html",
 "jinja": "/tmp/docs/x/python-jinja2-doc/usr/share/doc/python-jinja2-doc/html",
 "werkzeug": "/tmp/docs/x/python-werkzeug-doc/usr/share/doc/python-werkzeug-doc/html",
}
SKIP = re.compile(r"(^|/)(releases|internals|_modules|_static|_sources|genindex|search|py-modindex|changes|license|contents|glossary|misc)")
class P(HTMLParser):
    def __init__(s):
        super().__init__(); s.sections=[]; s.cur=None; s.skip=0; s.inhead=None; s.started=False
    def handle_starttag(s, tag, attrs):
        a=dict(attrs)
        if tag in ("script","style","nav") or (a.get("class") or "").find("headerlink")>=0 or a.get("role")=="navigation" or (a.get("class") or "") in ("sphinxsidebar","related","footer","nav"): s.skip+=1; s.skiptag=tag; return
        if tag in ("h1","h2","h3"):
            s.started=True; s.inhead=tag; s.cur={"heading":"","text":[]}; s.sections.append(s.cur)
    def handle_endtag(s, tag):
        if s.skip and tag==getattr(s,"skiptag",None): s.skip-=1; return
        if tag==s.inhead: s.inhead=None
    def handle_data(s, d):
        if s.skip or not s.started or s.cur is None: return
        if s.inhead: s.cur["heading"]+=d
        else: s.cur["text"].append(d)
out=open("/tmp/docs/sections.jsonl","w"); n=0; words=0
for src, root in ROOTS.items():
    for dp, dn, fn in os.walk(root):
        for f in fn:
            if not f.endswith(".html"): continue
            rel=os.path.relpath(os.path.join(dp,f), root)
            if SKIP.search(rel) or rel.startswith("ref/contrib/gis") or rel in ("index.html",): continue
            p=P(); p.feed(open(os.path.join(dp,f),encoding="utf8",errors="ignore").read())
            page=None
            for sec in p.sections:
                h=re.sub(r"\s+"," ",sec["heading"]).strip().rstrip("¶").strip()
                t=re.sub(r"\s+"," "," ".join(sec["text"])).strip()
                if page is None: page=h
                if len(t.split())<15: continue
                w=t.split(); words+=len(w)
                out.write(json.dumps({"source":src,"path":rel,"page":page,"heading":h,"text":" ".join(w)})+"\n"); n+=1
print(n, words)
