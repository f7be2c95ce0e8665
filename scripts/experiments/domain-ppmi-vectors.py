import json, re, collections, numpy as np, scipy.sparse as sp
from scipy.sparse.linalg import svds
STOP=set("a an the and or but if of to in on at by for with from as is are was were be been being it its this that these those you your we our i me my he she they them their there here what which who whom how why when where do does did done can could should would will shall may might must not no so than then too very just also into over under about such only own same other some any each all both few more most up down out off again further once s t don doesn isn aren wasn weren hasn haven hadn won wouldn shouldn couldn mustn needn let us e g ie eg etc via per".split())
tok=lambda t:[w for w in re.findall(r"[a-z][a-z0-9]*",t.lower()) if w not in STOP and len(w)>1]
secs=[json.loads(l) for l in open("/tmp/docs/sections.jsonl")]
bank=json.load(open("/tmp/docs/bank.json"))
docs=[tok(s["heading"]+" "+s["text"]) for s in secs]+[tok(b["text"]) for b in bank]*3
cnt=collections.Counter(w for d in docs for w in d)
vocab=[w for w,c in cnt.items() if c>=4]; idx={w:i for i,w in enumerate(vocab)}; V=len(vocab)
print("vocab",V, "tokens", sum(cnt.values()))
W=5; rows=[];cols=[];vals=[]
co=collections.Counter()
for d in docs:
    ids=[idx.get(w,-1) for w in d]
    for i,a in enumerate(ids):
        if a<0: continue
        for j in range(max(0,i-W),min(len(ids),i+W+1)):
            b=ids[j]
            if j==i or b<0: continue
            co[(a,b)]+=1.0/abs(i-j)
r=np.array([k[0] for k in co]); c=np.array([k[1] for k in co]); v=np.array(list(co.values()))
M=sp.csr_matrix((v,(r,c)),shape=(V,V))
tot=M.sum(); rs=np.asarray(M.sum(1)).ravel(); cs=np.asarray(M.sum(0)).ravel()**0.75; cs=cs/cs.sum()
M=M.tocoo(); pmi=np.log((M.data/tot)/((rs[M.row]/tot)*cs[M.col])); keep=pmi>0
P=sp.csr_matrix((pmi[keep],(M.row[keep],M.col[keep])),shape=(V,V))
U,S,Vt=svds(P,k=200); E=U*np.sqrt(S); E/=np.linalg.norm(E,axis=1,keepdims=True)+1e-9
bankvocab=set(w for b in bank for w in tok(b["text"]))
bv=[idx[w] for w in bankvocab if w in idx]; BE=E[bv]
out={}
for w,i in idx.items():
    sims=BE@E[i]; top=np.argsort(-sims)[:10]
    out[w]=[[vocab[bv[t]],round(float(sims[t]),3)] for t in top if vocab[bv[t]]!=w][:8]
json.dump(out,open("/tmp/docs/neighbors.json","w"))
for q in ["visitor","state","integer","role","roles","forbidden","editable","dashboard","warehouse","notified","managers","refunds","greeting","jpegs","videos","stamp","postman","policy","blocked","crunches","plugin","layer","decorator","blank","sorted","dollars"]:
    print(q, out.get(q, "—")[:6] if q in out else "—")
