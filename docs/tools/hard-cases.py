#!/usr/bin/env python3
"""Accuracy of the segmentation rules on the hard cases of issue 4.

Reads a generated set's labels.jsonl and the records `gradphoto check`
wrote for it, and prints, per subset (all photos; dark hair on the darker
backdrops, and on navy or charcoal ones; light clothing on a light backdrop), the head-top error of the
person mask against the labelled head top and, per rule, support, FRR and
recall, as Markdown table rows for docs/accuracy.md. Standard library only.

    gradphoto synth --count 3000 --seed 1001 --out /tmp/test1001
    gradphoto check /tmp/test1001 --out /tmp/r1001.jsonl --quiet
    python3 docs/tools/hard-cases.py /tmp/test1001/labels.jsonl /tmp/r1001.jsonl
"""
import json,sys,os
from collections import defaultdict
def lab_L(c):
    """CIE L* of an sRGB colour."""
    def lin(v):
        v/=255; return v/12.92 if v<=0.04045 else ((v+0.055)/1.055)**2.4
    y=0.2126*lin(c[0])+0.7152*lin(c[1])+0.0722*lin(c[2])
    return 116*(y**(1/3) if y>0.008856 else 7.787*y+16/116)-16
labels,results=sys.argv[1],sys.argv[2]
L={json.loads(l)['file']:json.loads(l) for l in open(labels)}
R={os.path.basename(json.loads(l)['path']):json.loads(l) for l in open(results)}
RULES=['background.colour','background.uniform','background.shadow','clothing.colour','clothing.contrast','clothing.pattern','clothing.hood']
def subset(name,pred):
    n=0; st=defaultdict(lambda:[0,0,0,0]); errs=[]
    for f,d in L.items():
        a=d['attributes']; r=R.get(f)
        if r is None or r['status']=='error' or not pred(a): continue
        n+=1
        fired={x['rule'] for x in r['findings']}
        for ru in RULES:
            e=ru in d['expected_rules']; fi=ru in fired
            st[ru][(e<<1)|fi]+=1
        seg=r['measurements'].get('segmentation')
        if seg and seg.get('person') and d['geometry'] and a['width']==480 and a['height']==640:
            errs.append(abs(seg['person']['y']-d['geometry']['head_top']))
    errs.sort()
    print(f'## {name}: {n} photos; head-top error of the person mask: median {errs[len(errs)//2] if errs else 0:.1f} px, 90th pct {errs[int(len(errs)*0.9)] if errs else 0:.1f} px')
    for ru in RULES:
        tn,fp,fn,tp=st[ru]
        if tp+fn+fp==0 and tn==0: continue
        rec=tp/(tp+fn) if tp+fn else None; frr=fp/(fp+tn) if fp+tn else None
        print(f'| {ru} | {tp+fn} | {"%.1f %%"%(frr*100) if frr is not None else "—"} | {"%.1f %%"%(rec*100) if rec is not None else "—"} |')
subset('all', lambda a: True)
subset('dark hair (L* < 25) on a backdrop of L* < 60', lambda a: lab_L(a['hair'])<25 and lab_L(a['background'])<60)
subset('dark hair (L* < 25) on a dark backdrop (navy, charcoal: L* < 35)', lambda a: lab_L(a['hair'])<25 and lab_L(a['background'])<35)
subset('light clothing (L* > 70) on a backdrop of L* > 70', lambda a: lab_L(a['clothing'])>70 and lab_L(a['background'])>70)
