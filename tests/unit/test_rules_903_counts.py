# Independent count of findings per 903 rule on the fixture return (collection year 2017-18),
# written from docs/rules_903.md's descriptions, not from the C code.
# Usage: SG_TESTS_DIR=tests python3 tests/unit/test_rules_903_counts.py
# Prints "code count" for each rule that fires; test_rules_903_counts.inc holds the result.
import csv, datetime as dt, collections, re
import os
D=os.environ.get('SG_TESTS_DIR','tests')+'/fixtures/csc-validator-be-903/'
def rd(f):
    with open(D+f, encoding='utf-8-sig') as fh:
        return [{k:(v.strip() or None) for k,v in r.items()} for r in csv.DictReader(fh)]
T={'header':rd('header.csv'),'episodes':rd('episodes.csv'),'reviews':rd('reviews.csv'),'uasc':rd('uasc.csv'),
   'oc2':rd('oc2.csv'),'oc3':rd('oc3.csv'),'ad1':rd('ad1.csv'),'placed_adoption':rd('placed_for_adoption.csv'),
   'prev_perm':rd('previous_permanence.csv'),'missing':rd('missing.csv'),'sw_episodes':rd('sw_episodes.csv')}
def pd_(s):
    if not s: return None
    try: return dt.datetime.strptime(s,'%d/%m/%Y').date()
    except ValueError:
        try: return dt.date.fromisoformat(s)
        except ValueError: return None
START=dt.date(2017,4,1); END=dt.date(2018,3,31)
def age(b,on):
    if not b or not on: return -1
    a=on.year-b.year
    bd=addy(b,a)
    if bd>on: a-=1
    return a
def addy(d,y):
    try: return d.replace(year=d.year+y)
    except ValueError: return dt.date(d.year+y,3,1)
kids=collections.defaultdict(lambda: collections.defaultdict(list))
for t,rows in T.items():
    for r in rows: kids[r['CHILD']][t].append(r)
C=collections.Counter()
def eps_of(k):
    e=[dict(r) for r in k['episodes']]
    for r in e: r['_s']=pd_(r['DECOM']); r['_e']=pd_(r['DEC'])
    e.sort(key=lambda r:(r['_s'] is None, r['_s'] or dt.date.min))
    return e
LS='C1 C2 D1 E1 J1 J2 J3 L1 L2 L3 V2 V3 V4'.split()
TEMP='T0 T1 T2 T3 T4'.split(); ADP='A3 A4 A5 A6'.split(); FOST='U1 U2 U3 U4 U5 U6'.split()
RECS='E11 E12 E2 E3 E4A E4B E13 E41 E45 E46 E47 E48 E5 E6 E7 E8 E9 E14 E15 E16 E17 X1'.split()
def pstart(e,i):
    while i>0 and e[i-1]['REC']=='X1' and e[i-1]['_e'] and e[i-1]['_e']==e[i]['_s']: i-=1
    return i
def cla12(e):
    if not e: return False
    l=e[-1]
    if not l['_s']: return False
    if l['_e'] and l['_e']<=END: return False
    s=pstart(e,len(e)-1)
    if e[s]['_s']>START: return False
    return all(x['LS'] not in ('V3','V4') for x in e[s:])
def covers(x,d): return x['_s'] and x['_s']<=d and (x['_e'] is None or x['_e']>=d)
for cid,k in kids.items():
    h=k['header'][0] if k['header'] else {}
    dob=pd_(h.get('DOB')); e=eps_of(k); n=len(e)
    sex=h.get('SEX'); mother=h.get('MOTHER')
    # ---- header
    C['168']+=sum(1 for r in k['header'] if r['UPN'] and r['UPN'] not in 'UN1 UN2 UN3 UN4 UN5'.split() and not re.fullmatch(r'[A-HJ-NP-RT-Z]\d{11}[0-9A-HJ-NP-RT-Z]',r['UPN']))
    # 165 complete: MOTHER given -> 0/1 and female; blank -> male, or no non-respite episode in
    # the year and an OC3 item
    if h:
        if mother: C['165']+=int(mother not in ('0','1') or sex!='2')
        elif sex!='1':
            inyr=any(x['_s'] and x['_s']<=END and (x['_e'] is None or x['_e']>=START) and x['LS'] not in ('V3','V4') for x in e)
            leaver=any(r['IN_TOUCH'] or r['ACTIV'] or r['ACCOM'] for r in k['oc3'][:1])
            C['165']+=int(inyr or not leaver)
    C['612']+= int(bool(h) and sex=='2' and bool(h.get('MC_DOB')) and mother!='1')
    C['393']+= int(bool(h) and sex=='2' and not mother and any(x['LS'] and x['LS'] not in ('V3','V4') for x in e))
    C['607']+= int(bool(h) and sex=='2' and not mother and any(x['_e'] and x['REC'] and x['REC']!='X1' and x['LS'] not in ('V3','V4') and START<=x['_e']<=END for x in e))
    C['EPI']+= int(bool(h) and not e and not k['oc3'])
    # ---- episodes
    for i,x in enumerate(e):
        C['148']+= int(bool(x['DEC'])!=bool(x['REC']))
        if i+1<n and x['_s'] and not x['DEC']: C['142']+=1
        elif i+1<n and x['_s'] and not x['REC']: C['142']+=1
        if x['_e'] and x['_e']>END: C['385']+=1
        if i>0 and x['_s'] and e[i-1]['_e'] and x['_s']<e[i-1]['_e']: C['501']+=1
        if x['_e'] and x['REC'] and x['_s']:
            nx=e[i+1] if i+1<n and e[i+1]['_s'] else None
            if (x['REC']=='X1') != bool(nx and nx['_s']==x['_e']): C['388']+=1
        if i>0 and x['RNE']=='S' and x['_s'] and e[i-1]['_e']==x['_s']: C['431']+=1
        if i>0 and x['_s'] and e[i-1]['REC'] in RECS and e[i-1]['REC']!='X1' and x['RNE'] and x['RNE']!='S': C['432']+=1
        if i>0 and x['RNE'] in 'P L T U B'.split() and x['_s'] and e[i-1]['_e']!=x['_s']: C['433']+=1
        if i>0 and x['_s'] and x['RNE'] in ('L','P','T','U','B'):
            p=e[i-1]; ls=p['LS']!=x['LS']
            pl=any(p[f]!=x[f] for f in ('PLACE','PLACE_PROVIDER','PL_POST','URN'))
            # RNE: L legal status only; P, T placement only; U, B both
            want={'L':(True,False),'P':(False,True),'T':(False,True),'U':(True,True),'B':(True,True)}[x['RNE']]
            if (ls,pl)!=want: C[{'L':'434','P':'435','T':'435','U':'436','B':'436'}[x['RNE']]]+=1
        if i+1<n and x['REC'] in ('E2','E15') and e[i+1]['_s']: C['437']+=1
        a_s=age(dob,x['_s']); a_e=age(dob,x['_e'])
        if x['LS'] in ('J1','J2','J3') and 0<=a_s<10: C['358']+=1
        for code,pl,mn in (('371','H5',16),('372','R5',10),('373','S1',4),('374','P3',14)):
            if x['PLACE']==pl and 0<=a_s<mn: C[code]+=1
        if x['REC'] in ('E5','E6') and 0<=a_e<14: C['387']+=1
        if x['REC']=='E7' and 0<=a_e<16: C['389']+=1
        if x['REC']=='E17' and 0<=a_e<18: C['460']+=1
        if x['REC'] in ('E11','E12') and a_e>=18: C['386']+=1
        if x['REC'] in ('E45','E46','E47','E48') and a_e>=18: C['407']+=1
        if x['RNE']=='S' and a_s>=18: C['352']+=1
        dur=None
        if x['_s']: dur=((x['_e'] or END)-x['_s']).days
        for code,ls,mx in (('361','L1',3),('362','L2',21),('363','L3',7),('365','V3',17)):
            if x['LS']==ls and dur is not None and dur>mx: C[code]+=1
        for code,pl,mx in (('375','T1',42),('376','T3',21),('379','T4',7)):
            if x['PLACE']==pl and dur is not None and dur>mx: C[code]+=1
        if x['LS']=='V3' and x['RNE'] and x['RNE']!='S': C['366']+=1
        if x['PLACE']=='P1' and x['LS']=='V2': C['378']+=1
        if x['RNE']=='S' and x['PLACE'] in TEMP: C['380']+=1
        if x['PLACE'] in TEMP and x['REC'] and x['REC']!='X1': C['381']+=1
        if x['LS'] in ('V3','V4') and x['PLACE'] in TEMP: C['382']+=1
        if x['LS'] in ('V3','V4') and x['PLACE'] in ('U1','U4'): C['384']+=1
        if 0<i<n-1 and x['PLACE'] in TEMP and e[i-1]['_e']==x['_s'] and x['_e']==e[i+1]['_s']:
            b,a=e[i-1],e[i+1]
            if any(b[f]!=a[f] for f in ('PLACE','URN','PL_POST')): C['383']+=1
        if x['REC'] in ('E11','E12') and x['PLACE'] and x['PLACE'] not in ADP: C['390']+=1
        if x['PLACE'] in ('A5','A6') and x['LS'] and x['LS'] not in ('E1','D1'): C['408']+=1
        if x['LS']=='D1' and x['_s'] and x['_s']>dt.date(2005,12,30): C['445']+=1
        if x['LS']=='D1' and not x['DEC'] and not x['REC']: C['451']+=1
        if x['REC'] in ('E45','E46') and x['PLACE'] and x['PLACE'] not in FOST: C['516']+=1
        if x['PLACE'] in ('A3','A5') and x['_s'] and x['_s']>=dt.date(2015,4,1) and x['RNE'] and x['RNE'] not in 'S T U'.split(): C['217']+=1
        if x['PLACE'] in TEMP and x['PLACE_PROVIDER']: C['213']+=1
        if x['PLACE'] and x['PLACE'] not in TEMP+['Z1'] and not x['PLACE_PROVIDER']: C['526']+=1
        if x['PLACE_PROVIDER'] and (x['PLACE_PROVIDER'] not in 'PR0 PR1 PR2 PR3 PR4 PR5'.split() or x['PLACE'] in TEMP+['Z1']): C['178']+=1
        pp=x['PLACE_PROVIDER']; pl=x['PLACE']
        if pp=='PR1' and pl in ('P1','R2','R5'): C['527']+=1
        if pp=='PR2' and pl in ('P1','R2','R5'): C['528']+=1
        if pp=='PR3' and pl in 'P1 A3 A4 A5 A6 K1 K2 U1 U2 U3 U4 U5 U6'.split(): C['529']+=1
        if pp=='PR4' and pl=='P1': C['530']+=1
        if pp=='PR5' and pl=='P1': C['531']+=1
        if pp=='PR0' and pl and pl!='P1': C['550']+=1
        if x['LS'] in ('V3','V4') and (x['PL_POST'] or x['URN']): C['214']+=1
        if x['LS'] in ('V3','V4') and (x['PL_POST'] or x['HOME_POST']): C['398']+=1
        if x['PLACE'] in TEMP:
            if x['RPC']  if False else x['REASON_PLACE_CHANGE']: C['226']+=1
            elif i>0 and e[i-1]['REASON_PLACE_CHANGE']: C['226']+=1
        if i+1<n and x['REC']=='X1' and not x['REASON_PLACE_CHANGE'] and x['PLACE'] not in TEMP and x['_e'] and e[i+1]['_s']==x['_e'] and e[i+1]['RNE'] in 'P B T U'.split() and e[i+1]['PLACE'] and e[i+1]['PLACE'] not in TEMP: C['225']+=1
        if x['PLACE']=='P2' and x['_s'] and x['_s']>=dt.date(2023,10,28): C['146']+=1
    if n and e[0]['_s'] and e[0]['_s']>=START and e[0]['RNE']!='S': C['357']+=1
    if n and dob and e[0]['_s'] and e[0]['_s']<dob: C['302']+=1
    # 364: runs of J2
    i=0
    while i<n:
        if e[i]['LS']!='J2' or not e[i]['_s']: i+=1; continue
        j=i; tot=((e[i]['_e'] or END)-e[i]['_s']).days
        while j+1<n and e[j+1]['LS']=='J2' and e[j]['_e'] and e[j+1]['_s']==e[j]['_e']:
            j+=1; d=((e[j]['_e'] or END)-e[j]['_s']).days; tot+=max(d,0)
        if tot>21: C['364']+=j-i+1
        i=j+1
    v3=sum(((min(x['_e'] or END,END))-max(x['_s'],START)).days for x in e if x['LS']=='V3' and x['_s'] and (min(x['_e'] or END,END))>max(x['_s'],START))
    if v3>75: C['367']+=1
    t3=[x for x in e if x['PLACE']=='T3' and x['_s'] and START<=x['_s']<=END]
    C['377']+=max(0,len(t3)-2)
    lss=set(x['LS'] for x in e)
    if 'V3' in lss and 'V4' in lss: C['426']+=sum(1 for x in e if x['LS'] in ('V3','V4'))
    for i in range(1,n):
        s=pstart(e,i)
        if s!=i and e[s]['RNE']=='S' and e[s]['CIN'] and e[i]['CIN'] and e[s]['CIN']!=e[i]['CIN']: C['504']+=1
    if dob and addy(dob,18)<=END:
        C['359']+=sum(1 for x in e if x['_s'] and (x['_e'] is None or x['_e']>addy(dob,18)) and not (x['LS']=='V2' and x['PLACE']=='K2'))
    # ---- reviews / 399
    for r in k['reviews']:
        a=age(dob,pd_(r['REVIEW']))
        if r['REVIEW_CODE']=='PN0' and a>=4: C['440']+=1
        if r['REVIEW_CODE'] in 'PN1 PN2 PN3 PN4 PN5 PN6 PN7'.split() and 0<=a<4: C['441']+=1
    if e and all(x['LS'] in ('V3','V4') for x in e):
        C['399']+= int(bool(mother)) + len(k['reviews'])
    # ---- missing
    ms=sorted(k['missing'], key=lambda r:(pd_(r['MIS_START']) is None, pd_(r['MIS_START']) or dt.date.min))
    for i in range(1,len(ms)):
        s=pd_(ms[i]['MIS_START']); ps=pd_(ms[i-1]['MIS_START']); pe=pd_(ms[i-1]['MIS_END'])
        if s and ps and (not ms[i-1]['MIS_END'] or (pe and s<pe)): C['574']+=1
    left = n and e[-1]['_e'] and e[-1]['REC'] and e[-1]['REC']!='X1'
    for r in k['missing']:
        s=pd_(r['MIS_START']); en=pd_(r['MIS_END'])
        if s and s>END: C['570']+=1
        if en and (en<START or en>END): C['571']+=1
        if en and s and en<s: C['567']+=1
        if left and s and s>e[-1]['_e']: C['578']+=1
        if left and r['MIS_START'] and not r['MIS_END']: C['577']+=1
        if n and e[0]['_s'] and s and s<e[0]['_s']: C['581']+=1
        if s and not r['MIS_END']:
            for x in reversed(e):
                if covers(x,s):
                    if x['_e']: C['575']+=1
                    break
    if left and e[-1]['REC']!='E8':
        dec=e[-1]['_e']
        if any(pd_(r['MIS_START']) and pd_(r['MIS_START'])<=dec and (not r['MIS_END'] or (pd_(r['MIS_END']) and pd_(r['MIS_END'])>dec)) for r in k['missing']): C['580']+=1
    # ---- adoption
    ad=k['ad1'][0] if k['ad1'] else None
    for r in k['ad1']:
        for code,ls,sx,bad_in in (('511',None,'MM FF MF',False),('514','L0','MM FF MF',True),('517','L3','MF',False),('518','L4','MM FF',False),('519','L2','MM FF MF',False),('520','L11','MM FF',True),('524','L12','MM FF',False)):
            lv = r['NB_ADOPTR']=='2' if ls is None else r['LS_ADOPTR']==ls
            if lv and r['SEX_ADOPTR'] and ((r['SEX_ADOPTR'] in sx.split())==bad_in): C[code]+=1
    for r in k['placed_adoption']:
        if r['REASON_PLACED_CEASED'] and r['REASON_PLACED_CEASED'] not in 'RD1 RD2 RD3 RD4'.split(): C['120']+=1
    dps=[pd_(r['DATE_PLACED']) for r in k['placed_adoption'] if pd_(r['DATE_PLACED'])]
    has_dec=any(r['DATE_PLACED'] for r in k['placed_adoption'])
    if not has_dec and any(x['PLACE'] in ADP for x in e): C['551']+=1
    if not has_dec and any(x['LS']=='E1' for x in e): C['553']+=1
    if not has_dec and any(x['LS']=='D1' for x in e): C['555']+=1
    pas=sorted([r for r in k['placed_adoption'] if pd_(r['DATE_PLACED'])], key=lambda r:pd_(r['DATE_PLACED']))
    latest=pas[-1] if pas else None
    adopt=None
    for i in range(n-1,-1,-1):
        if e[i]['REC'] in ('E11','E12') and e[i]['_e']: adopt=i; break
    if latest and latest['DATE_PLACED_CEASED'] and ad and any(ad[f] for f in 'DATE_INT DATE_MATCH FOSTER_CARE NB_ADOPTR SEX_ADOPTR LS_ADOPTR'.split()): C['525']+=1
    if adopt is not None and latest and latest['DATE_PLACED_CEASED']: C['558']+=1
    if n and e[-1]['_e'] and e[-1]['REC'] and e[-1]['REC'] not in ('X1','E11','E12') and latest and (not latest['DATE_PLACED_CEASED'] or not latest['REASON_PLACED_CEASED']): C['557']+=1
    if adopt is not None and e[adopt]['_e']>=START:
        if ad is None: C['601']+=1
        elif any(not ad[f] for f in 'DATE_INT DATE_MATCH FOSTER_CARE NB_ADOPTR SEX_ADOPTR LS_ADOPTR'.split()): C['601']+=1
    if ad and any(ad[f] for f in 'DATE_INT DATE_MATCH FOSTER_CARE NB_ADOPTR SEX_ADOPTR LS_ADOPTR'.split()) and adopt is None: C['602']+=1
    if n and e[0]['RNE']=='S' and e[0]['_s']:
        C['1003']+=sum(1 for r in k['placed_adoption'] if pd_(r['DATE_PLACED']) and pd_(r['DATE_PLACED'])<e[0]['_s'])
    lim=END
    if n and e[-1]['_e'] and e[-1]['REC'] and e[-1]['REC']!='X1' and e[-1]['_e']<lim: lim=e[-1]['_e']
    for r in k['placed_adoption']:
        p=pd_(r['DATE_PLACED']); c=pd_(r['DATE_PLACED_CEASED'])
        if (p and p>lim) or (c and c>lim): C['117']+=1
    for i in range(1,n):
        if e[i]['PLACE'] in ('A3','A5') and e[i-1]['PLACE'] not in ('A3','A5') and e[i-1]['_e']==e[i]['_s'] and e[i-1]['PLACE'] not in FOST: C['336']+=1
    # ---- OC2 / OC3
    c12=cla12(e); a_s=age(dob,START); a_e=age(dob,END)
    ITEMS='CONVICTED HEALTH_CHECK IMMUNISATIONS TEETH_CHECK HEALTH_ASSESSMENT SUBSTANCE_MISUSE INTERVENTION_RECEIVED INTERVENTION_OFFERED'.split()
    CORE='IMMUNISATIONS TEETH_CHECK HEALTH_ASSESSMENT SUBSTANCE_MISUSE'.split()
    for r in k['oc2']:
        if r['INTERVENTION_RECEIVED']=='1' and r['INTERVENTION_OFFERED']: C['158']+=1
        if r['SUBSTANCE_MISUSE']=='1' and r['INTERVENTION_RECEIVED']=='0' and not r['INTERVENTION_OFFERED']: C['159']+=1
        if r['SUBSTANCE_MISUSE']=='1' and not r['INTERVENTION_RECEIVED']: C['192']+=1
        if r['SUBSTANCE_MISUSE']!='1' and (r['INTERVENTION_RECEIVED'] or r['INTERVENTION_OFFERED']): C['193']+=1
        if any(r[f] for f in ITEMS) and any(not r[f] for f in CORE): C['182']+=1
        if r['CONVICTED'] and any(not r[f] for f in CORE): C['544']+=1
        if r['HEALTH_CHECK'] and any(not r[f] for f in CORE): C['547']+=1
        if r['SDQ_SCORE'] and r['SDQ_REASON']: C['197a']+=1
        if not c12:
            if r['SDQ_SCORE']: C['185']+=1
            if r['SDQ_REASON']: C['198']+=1
            if any(r[f] for f in ITEMS): C['190']+=1
        if a_s>=4 and 0<=a_e<=16 and r['SDQ_REASON']=='SDQ1': C['157']+=1
        if 0<=a_e<4 and (r['SDQ_SCORE'] or r['SDQ_REASON']): C['188']+=1
        if a_s>=17 and (r['SDQ_SCORE'] or r['SDQ_REASON']): C['189']+=1
        if 0<=a_e<10 and r['CONVICTED']: C['542']+=1
        if c12 and a_e>=5 and r['HEALTH_CHECK']: C['546']+=1
        for f in ITEMS:
            if r[f] and r[f] not in ('0','1'): C['181']+=1
        if r['SDQ_SCORE'] and not (r['SDQ_SCORE'].isdigit() and 0<=int(r['SDQ_SCORE'])<=40): C['180']+=1
        if r['SDQ_REASON'] and r['SDQ_REASON'] not in 'SDQ1 SDQ2 SDQ3 SDQ4 SDQ5'.split(): C['196']+=1
    o2=k['oc2'][0] if k['oc2'] else None
    if c12:
        if o2 is None or any(not o2[f] for f in CORE): C['191']+=1
        if o2 and a_s>=4 and 0<=a_e<17 and not o2['SDQ_SCORE'] and not o2['SDQ_REASON']: C['186']+=1
        if o2 and (a_s==4 or a_e==17) and not o2['SDQ_SCORE'] and not o2['SDQ_REASON']: C['197B']+=1
        if o2 and a_e>=10 and not o2['CONVICTED']: C['543']+=1
        if o2 and 0<=a_e<5 and not o2['HEALTH_CHECK']: C['545']+=1
    o3=k['oc3'][0] if k['oc3'] else None
    o3d= o3 if o3 and any(o3[f] for f in ('IN_TOUCH','ACTIV','ACCOM')) else None
    ad_any= ad and any(ad[f] for f in 'DATE_INT DATE_MATCH FOSTER_CARE NB_ADOPTR SEX_ADOPTR LS_ADOPTR'.split())
    if c12: C['187']+= int(bool(ad_any)) + int(bool(o3d))
    if o3d: C['215']+=sum(1 for r in k['oc2'] if any(r[f] for f in ITEMS))
    if o3d and ad_any: C['134']+=1
    for r in k['oc3']:
        if r['IN_TOUCH'] and r['IN_TOUCH'] not in 'YES NO DIED REFU NREQ RHOM'.split(): C['131']+=1
        if r['ACTIV'] and r['ACTIV'] not in 'F1 P1 F2 P2 F4 P4 F5 P5 G4 G5 G6 0'.split(): C['132']+=1
        if r['ACCOM'] and r['ACCOM'] not in 'B1 B2 C1 C2 D1 D2 E1 E2 G1 G2 H1 H2 K1 K2 R1 R2 S2 T1 T2 U1 U2 V1 V2 W1 W2 X2 Y1 Y2 Z1 Z2 0'.split(): C['133']+=1
        if r['IN_TOUCH'] in ('DIED','RHOM') and ((r['ACTIV'] and r['ACTIV']!='0') or (r['ACCOM'] and r['ACCOM']!='0')): C['344']+=1
        if r['IN_TOUCH']=='YES' and (r['ACTIV']=='0' or r['ACCOM']=='0'): C['345']+=1
        b=dob or pd_(r['DOB'])
        if b and any(r[f] for f in ('IN_TOUCH','ACTIV','ACCOM')) and not any(START<=addy(b,y)<=END for y in range(17,22)): C['391']+=1
    if o3d:
        if any(x['REC']=='E2' for x in e): C['1000']+=1
        if n and e[-1]['REC']=='E3': C['1011']+=1
        bd=None
        for y in (17,18):
            d=addy(dob,y) if dob else None
            if d and START<=d<=END and any(covers(x,d) for x in e): bd=d; break
        if bd and n and covers(e[-1],END): C['1007']+=1
        if bd and n and e[-1]['_e'] and e[-1]['_e']>bd and e[-1]['REC'] and e[-1]['REC']!='X1': C['1016']+=1
        if not e:
            hit=False
            for t in ('reviews','missing','ad1','placed_adoption','prev_perm','oc2','sw_episodes'):
                for r in k[t]:
                    if any(v for f,v in r.items() if f not in ('CHILD','DOB')): hit=True
            C['1012']+=int(hit)
    # ---- prev perm
    pp=k['prev_perm'][0] if k['prev_perm'] else None
    ls_=None
    for x in reversed(e):
        if x['RNE']=='S' and x['_s']: ls_=x; break
    if pp and any(pp[f] for f in ('PREV_PERM','LA_PERM','DATE_PERM')) and n:
        began=ls_['_s'] if ls_ else e[0]['_s']
        if began and began<dt.date(2016,4,1): C['634']+=1
    if ls_ and ls_['_s']>=START and (not pp or not pp['PREV_PERM']): C['630']+=1
    # ---- SW
    if n and covers(e[-1],END) and e[-1]['LS'] not in ('V3','V4') and not k['sw_episodes']: C['SW01STG1']+=1
for code in sorted(C, key=lambda c:(not c[0].isdigit(), int(re.match(r'\d*',c).group() or 0), c)):
    if C[code]: print(code, C[code])
# quick zero checks
Z=collections.Counter()
for r in T['header']:
    Z['101']+= r['SEX'] not in ('1','2'); Z['102']+= pd_(r['DOB']) is None
    Z['103']+= r['ETHNIC'] not in 'WBRI WIRI WOTH WIRT WROM MWBC MWBA MWAS MOTH AIND APKN ABAN AOTH BCRB BAFR BOTH CHNE OOTH REFU NOBT'.split()
    Z['442']+= (not r['UPN']) and bool(kids[r['CHILD']]['episodes'])
    Z['301']+= bool(pd_(r['DOB']) and pd_(r['DOB'])>END)
    Z['611']+= r['MOTHER']=='1' and not r['MC_DOB']
for r in T['episodes']:
    Z['141']+= pd_(r['DECOM']) is None; Z['143']+= r['RNE'] not in 'S L P T U B'.split(); Z['144']+= r['LS'] not in LS
    Z['145']+= r['CIN'] not in 'N1 N2 N3 N4 N5 N6 N7 N8'.split(); Z['149']+= bool(r['REC'] and r['REC'] not in RECS)
    Z['178']+= bool(r['PLACE_PROVIDER'] and r['PLACE_PROVIDER'] not in 'PR0 PR1 PR2 PR3 PR4 PR5'.split())
for r in T['reviews']:
    Z['166']+= pd_(r['REVIEW']) is None; Z['167']+= r['REVIEW_CODE'] not in 'PN0 PN1 PN2 PN3 PN4 PN5 PN6 PN7'.split()
hdr=set(r['CHILD'] for r in T['header'])
for t in T:
    Z['notinheader_'+t]=sum(1 for c,k in kids.items() if k[t] and c not in hdr)
    Z['dup_'+t]=sum(max(0,len(k[t])-1) for k in kids.values()) if t in ('header','oc2','oc3','ad1','prev_perm','uasc') else 0
hd={r['CHILD']:r for r in T['header']}
for t in ('reviews','missing','oc2','oc3','ad1','placed_adoption','prev_perm','uasc'):
    Z['dobdiff_'+t]=sum(1 for r in T[t] if r['CHILD'] in hd and r.get('DOB') and pd_(r['DOB'])!=pd_(hd[r['CHILD']]['DOB']))
Z['sexdiff_uasc']=sum(1 for r in T['uasc'] if r['CHILD'] in hd and r['SEX']!=hd[r['CHILD']]['SEX'])
print({k:v for k,v in Z.items() if v})
# 2023-24 and postcode additions
A=collections.Counter()
uasc_kids=set(r['CHILD'] for r in T['uasc'])
for cid,k in kids.items():
    h=k['header'][0] if k['header'] else {}
    dob=pd_(h.get('DOB'))
    for x in k['episodes']:
        s=pd_(x['DECOM'])
        if x['PLACE']=='P2' and 0<=age(dob,s)<16: A['370']+=1
        if x['PLACE']=='P2' and s and s>=dt.date(2023,10,28): A['217t']+=1
        if cid not in uasc_kids and x['LS'] and x['LS'] not in ('V3','V4') and (not x['HOME_POST'] or not x['PL_POST']): A['392b']+=1
        if x['PLACE'] and x['PLACE'] not in ('P1',) and x['HOME_POST'] and x['PL_POST'] and x['HOME_POST'].replace(' ','')==x['PL_POST'].replace(' ',''): A['392d']+=1
print(dict(A))
# issue 17 additions, the collection year being 2017-18 (222's list up to 2022-23)
B=collections.Counter()
NOURN='H5 P1 P2 P3 R1 R2 R5 T0 T1 T2 T3 T4 Z1'.split()
CUT=dt.date(2023,4,1)
SWR='MANAGE FCONTA LEFTRL ORGRST TSPROC ABSENC CHCHAN PCCHAN SWDIED OTHERS'.split()
for cid,k in kids.items():
    h=k['header'][0] if k['header'] else {}
    dob=pd_(h.get('DOB'))
    for x in k['episodes']:
        if x['URN'] and x['URN']!='XXXXXXX' and x['PLACE'] in NOURN: B['222']+=1
    if h and dob and k['uasc'] and dob>=addy(END,-11): B['231']+=1
    if h and h.get('SEX')=='U': B['232']+=1
    if dob and START<=addy(dob,17)<=END:
        B['3001']+=sum(1 for r in k['oc3'] if r['ACCOM'] in ('Z1','Z2'))
    for r in k['sw_episodes']:
        s=pd_(r['SW_DECOM'])
        if not r['SW_DECOM']: B['SW01bSTG1']+=1
        elif s and s<CUT and not r['SW_ID']: B['SW01aSTG1']+=1
        elif s and s>=CUT and (not r['SW_ID'] or not r['SW_REASON']): B['SW01bSTG1']+=1
        if r['SW_REASON'] and r['SW_REASON'] not in SWR: B['SW13STG1']+=1
        elif not r['SW_REASON'] and s and s>=CUT: B['SW13STG1']+=1
print(dict(B))
