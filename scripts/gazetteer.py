#!/usr/bin/env python3
"""Generates data/gazetteer.toml from the compact tables below.

Run from the repository root: python3 scripts/gazetteer.py > data/gazetteer.toml
Each row: id | name | kind | aliases (;-separated) | affiliation | wikidata | extra
where extra is demonyms=...;... or metonym_of=ID. Wikidata ids only where certain.
"""

STATES = """
north-korea|North Korea|State|DPRK;D.P.R.K.;Democratic People's Republic of Korea;N. Korea||Q423|demonyms=North Korean;North Koreans
south-korea|South Korea|State|Republic of Korea;ROK;S. Korea||Q884|demonyms=South Korean;South Koreans
russia|Russia|State|Russian Federation||Q159|demonyms=Russian;Russians
ukraine|Ukraine|State|||Q212|demonyms=Ukrainian;Ukrainians
united-states|United States|State|United States of America;U.S.;US;USA;U.S.A.;America;United States government;US government;U.S. government||Q30|demonyms=American;Americans
china|China|State|People's Republic of China;PRC||Q148|demonyms=Chinese
japan|Japan|State|||Q17|demonyms=Japanese
united-kingdom|United Kingdom|State|UK;U.K.;Britain;Great Britain||Q145|demonyms=British
france|France|State|||Q142|demonyms=French
germany|Germany|State|||Q183|demonyms=German;Germans
belarus|Belarus|State|||Q184|demonyms=Belarusian;Belarusians
iran|Iran|State|||Q794|demonyms=Iranian;Iranians
poland|Poland|State|||Q36|demonyms=Polish
italy|Italy|State|||Q38|demonyms=Italian
canada|Canada|State|||Q16|demonyms=Canadian
australia|Australia|State|||Q408|demonyms=Australian
india|India|State|||Q668|demonyms=Indian
israel|Israel|State|||Q801|demonyms=Israeli
syria|Syria|State|||Q858|demonyms=Syrian
turkey|Turkey|State|Türkiye||Q43|demonyms=Turkish
hungary|Hungary|State|||Q28|demonyms=Hungarian
lithuania|Lithuania|State|||Q37|demonyms=Lithuanian
latvia|Latvia|State|||Q211|demonyms=Latvian
estonia|Estonia|State|||Q191|demonyms=Estonian
finland|Finland|State|||Q33|demonyms=Finnish
sweden|Sweden|State|||Q34|demonyms=Swedish
norway|Norway|State|||Q20|demonyms=Norwegian
moldova|Moldova|State|||Q217|demonyms=Moldovan
kazakhstan|Kazakhstan|State|||Q232|demonyms=Kazakh
mongolia|Mongolia|State|||Q711|demonyms=Mongolian
vietnam|Vietnam|State|||Q881|demonyms=Vietnamese
taiwan|Taiwan|State|||Q865|demonyms=Taiwanese
netherlands|Netherlands|State|the Netherlands||Q55|demonyms=Dutch
denmark|Denmark|State|||Q35|demonyms=Danish
czech-republic|Czech Republic|State|Czechia||Q213|demonyms=Czech
romania|Romania|State|||Q218|demonyms=Romanian
slovakia|Slovakia|State|||Q214|demonyms=Slovak
spain|Spain|State|||Q29|demonyms=Spanish
"""

CITIES = """
pyongyang|Pyongyang|Place|||Q18808|metonym_of=north-korea;affiliation=north-korea
seoul|Seoul|Place|||Q8684|metonym_of=south-korea;affiliation=south-korea
moscow|Moscow|Place|||Q649|metonym_of=russia;affiliation=russia
kyiv|Kyiv|Place|Kiev||Q1899|metonym_of=ukraine;affiliation=ukraine
washington|Washington|Place||||metonym_of=united-states;affiliation=united-states
beijing|Beijing|Place|||Q956|metonym_of=china;affiliation=china
tokyo|Tokyo|Place|||Q1490|metonym_of=japan;affiliation=japan
london|London|Place|||Q84|metonym_of=united-kingdom;affiliation=united-kingdom
paris|Paris|Place|||Q90|metonym_of=france;affiliation=france
berlin|Berlin|Place|||Q64|metonym_of=germany;affiliation=germany
minsk|Minsk|Place|||Q2280|metonym_of=belarus;affiliation=belarus
tehran|Tehran|Place|||Q3616|metonym_of=iran;affiliation=iran
warsaw|Warsaw|Place|||Q270|metonym_of=poland;affiliation=poland
washington-dc|Washington, D.C.|Place|Washington, DC;Washington D.C.;Washington DC||Q61|affiliation=united-states
brussels|Brussels|Place|||Q239|
new-york|New York|Place|New York City||Q60|affiliation=united-states
"""

PLACES = """
kursk-region|Kursk region|Place|Kursk Region;Kursk Oblast;Kursk oblast;Kursk|russia||
belgorod-region|Belgorod region|Place|Belgorod Region;Belgorod Oblast;Belgorod|russia||
bryansk-region|Bryansk region|Place|Bryansk Region;Bryansk Oblast;Bryansk|russia||
donetsk-region|Donetsk region|Place|Donetsk Region;Donetsk Oblast;Donetsk oblast;Donetsk|ukraine||
luhansk-region|Luhansk region|Place|Luhansk Region;Luhansk Oblast;Luhansk|ukraine||
zaporizhzhia-region|Zaporizhzhia region|Place|Zaporizhzhia Region;Zaporizhzhia Oblast;Zaporizhzhia|ukraine||
kherson-region|Kherson region|Place|Kherson Region;Kherson Oblast;Kherson|ukraine||
kharkiv-region|Kharkiv region|Place|Kharkiv Region;Kharkiv Oblast;Kharkiv|ukraine||
crimea|Crimea|Place|Crimean Peninsula|ukraine|Q7835|
chasiv-yar|Chasiv Yar|Place||ukraine||
pokrovsk|Pokrovsk|Place||ukraine||
bakhmut|Bakhmut|Place||ukraine||
avdiivka|Avdiivka|Place||ukraine||
sudzha|Sudzha|Place||russia||
russian-far-east|Russian Far East|Place|Far East|russia||
primorsky-krai|Primorsky Krai|Place|Primorye|russia||
vladivostok|Vladivostok|Place||russia|Q959|
khabarovsk|Khabarovsk|Place||russia||
siberia|Siberia|Place||russia|Q5428|
europe|Europe|Place|European continent||Q46|
asia-pacific|Asia-Pacific|Place|Asia-Pacific region;Asia Pacific||
indo-pacific|Indo-Pacific|Place|Indo-Pacific region||
euro-atlantic|Euro-Atlantic|Place|Euro-Atlantic area||
middle-east|Middle East|Place|||
korean-peninsula|Korean Peninsula|Place|Korean peninsula||
korean-dmz|Korean Demilitarized Zone|Place|Demilitarized Zone;demilitarized zone;DMZ||
kim-il-sung-square|Kim Il Sung Square|Place||north-korea||
"""

BODIES = """
kremlin|Kremlin|Agency|Moscow Kremlin|russia||
russian-foreign-ministry|Russian Foreign Ministry|Agency|Russia's Foreign Ministry;Russian Ministry of Foreign Affairs;Russia's Ministry of Foreign Affairs;Russian foreign ministry|russia||
russian-defence-ministry|Russian Defence Ministry|Agency|Russian Defense Ministry;Russia's Defence Ministry;Russia's Defense Ministry;Russian Ministry of Defence;Russian Ministry of Defense;Russian defence ministry;Russian defense ministry|russia||
russian-general-staff|Russian General Staff|Agency|General Staff of the Russian Armed Forces|russia||
russian-security-council|Security Council of Russia|Agency|Russian Security Council;Russia's Security Council|russia||
state-duma|State Duma|Agency|Duma|russia||
fsb|Federal Security Service|Agency|FSB|russia||
us-dod|U.S. Department of Defense|Agency|Pentagon;Department of Defense;Defense Department;US Defense Department;U.S. Defense Department;US Department of Defense;DoD|united-states|Q11209|
us-state-department|U.S. State Department|Agency|State Department;US State Department;Department of State;U.S. Department of State;US Department of State|united-states|Q789915|
white-house|White House|Agency||united-states||
us-nsc|U.S. National Security Council|Agency|White House National Security Council;US National Security Council|united-states||
cia|Central Intelligence Agency|Agency|CIA|united-states||
us-congress|U.S. Congress|Agency|Congress;US Congress;United States Congress|united-states||
us-indopacom|U.S. Indo-Pacific Command|MilitaryUnit|Indo-Pacific Command;INDOPACOM;US Indo-Pacific Command|united-states||
nis|National Intelligence Service|Agency|NIS;South Korean intelligence;South Korea's spy agency;South Korean spy agency;South Korea's intelligence agency;South Korean intelligence agency;Seoul's spy agency;National Intelligence Service of South Korea|south-korea||
sk-presidential-office|South Korean presidential office|Agency|presidential office;South Korea's presidential office;South Korean presidential office;Presidential Office;presidential office in Seoul|south-korea||
sk-jcs|Joint Chiefs of Staff|Agency|JCS;South Korea's Joint Chiefs of Staff;South Korean Joint Chiefs of Staff|south-korea||
sk-national-assembly|National Assembly|Agency|South Korean National Assembly;South Korea's National Assembly|south-korea||
kpa|Korean People's Army|MilitaryUnit|KPA|north-korea||
nk-foreign-ministry|North Korean Ministry of Foreign Affairs|Agency|North Korean Foreign Ministry;North Korea's Foreign Ministry;North Korea's Ministry of Foreign Affairs;North Korean foreign ministry|north-korea||
nk-defence-ministry|North Korean Ministry of National Defence|Agency|North Korean Defence Ministry;North Korean Defense Ministry;North Korea's Defence Ministry;North Korea's Defense Ministry|north-korea||
hur|Defence Intelligence of Ukraine|Agency|Defense Intelligence of Ukraine;Ukrainian Defense Intelligence;Ukrainian Defence Intelligence;Ukraine's Defense Intelligence;Ukraine's Defence Intelligence;Ukrainian military intelligence;Ukraine's military intelligence;Main Intelligence Directorate;Ukraine's Main Intelligence Directorate;HUR;GUR|ukraine||
sbu|Security Service of Ukraine|Agency|SBU|ukraine||
ukraine-general-staff|General Staff of the Armed Forces of Ukraine|Agency|Ukrainian General Staff;Ukraine's General Staff|ukraine||
ukraine-foreign-ministry|Ukrainian Foreign Ministry|Agency|Ukraine's Foreign Ministry;Ukrainian Ministry of Foreign Affairs;Ukraine's Ministry of Foreign Affairs|ukraine||
ukraine-defence-ministry|Ukrainian Defence Ministry|Agency|Ukrainian Defense Ministry;Ukraine's Defence Ministry;Ukraine's Defense Ministry|ukraine||
verkhovna-rada|Verkhovna Rada|Agency|Ukrainian parliament;Ukraine's parliament|ukraine||
china-foreign-ministry|Chinese Foreign Ministry|Agency|China's Foreign Ministry;Chinese Ministry of Foreign Affairs;China's Ministry of Foreign Affairs|china||
japan-defense-ministry|Japanese Defense Ministry|Agency|Japan's Defense Ministry;Japanese Ministry of Defense|japan||
uk-mod|UK Ministry of Defence|Agency|British Ministry of Defence;Britain's Ministry of Defence;British Defence Ministry;UK Defence Ministry|united-kingdom||
uk-parliament|UK Parliament|Agency|British Parliament;House of Commons|united-kingdom||
un-security-council|UN Security Council|Agency|U.N. Security Council;United Nations Security Council;Security Council;UNSC|united-nations|Q37470|
un-general-assembly|UN General Assembly|Agency|U.N. General Assembly;United Nations General Assembly;General Assembly;UNGA|united-nations|Q47423|
nato|NATO|Organization|North Atlantic Treaty Organization;Nato||Q7184|
united-nations|United Nations|Organization|UN;U.N.||Q1065|
european-union|European Union|Organization|EU;E.U.||Q458|
european-commission|European Commission|Organization|||
g7|G7|Organization|Group of Seven|||
iaea|International Atomic Energy Agency|Organization|IAEA||Q826700|
cfr|Council on Foreign Relations|Organization|CFR|||
isw|Institute for the Study of War|Organization|ISW|||
csis|Center for Strategic and International Studies|Organization|CSIS|||
rand|RAND Corporation|Organization|RAND|||
chatham-house|Chatham House|Organization||||
crisis-group|International Crisis Group|Organization|Crisis Group|||
"""

MEDIA = """
reuters|Reuters|MediaOutlet|||Q130879|
afp|AFP|MediaOutlet|Agence France-Presse;Agence France Presse||Q40464|
ap|Associated Press|MediaOutlet|AP;The Associated Press||Q40469|
yonhap|Yonhap|MediaOutlet|Yonhap News Agency;Yonhap news agency;Yonhap News|||
kcna|KCNA|MediaOutlet|Korean Central News Agency|north-korea||
rodong-sinmun|Rodong Sinmun|MediaOutlet||north-korea||
tass|TASS|MediaOutlet|Tass|||
ria-novosti|RIA Novosti|MediaOutlet|RIA|||
interfax|Interfax|MediaOutlet||||
ukrinform|Ukrinform|MediaOutlet||||
ukrainska-pravda|Ukrainska Pravda|MediaOutlet||||
kyiv-independent|Kyiv Independent|MediaOutlet|The Kyiv Independent|||
kyiv-post|Kyiv Post|MediaOutlet|The Kyiv Post|||
cnn|CNN|MediaOutlet|||Q48340|
bbc|BBC|MediaOutlet|BBC News||Q9531|
nbc-news|NBC News|MediaOutlet|NBC|||
cbs-news|CBS News|MediaOutlet|CBS|||
abc-news|ABC News|MediaOutlet||||
fox-news|Fox News|MediaOutlet||||
al-jazeera|Al Jazeera|MediaOutlet||||
nyt|The New York Times|MediaOutlet|New York Times||Q9684|
wapo|The Washington Post|MediaOutlet|Washington Post||Q166032|
wsj|The Wall Street Journal|MediaOutlet|Wall Street Journal||Q164746|
bloomberg|Bloomberg|MediaOutlet|Bloomberg News|||
ft|Financial Times|MediaOutlet|The Financial Times|||
guardian|The Guardian|MediaOutlet|||Q11148|
telegraph|The Telegraph|MediaOutlet|||
economist|The Economist|MediaOutlet||||
the-war-zone|The War Zone|MediaOutlet||||
politico|Politico|MediaOutlet|POLITICO|||
axios|Axios|MediaOutlet||||
nk-news|NK News|MediaOutlet||||
daily-nk|Daily NK|MediaOutlet||||
korea-herald|The Korea Herald|MediaOutlet|Korea Herald|||
korea-times|The Korea Times|MediaOutlet|Korea Times|||
joongang|JoongAng Ilbo|MediaOutlet|Korea JoongAng Daily|||
chosun|Chosun Ilbo|MediaOutlet||||
donga|Dong-A Ilbo|MediaOutlet||||
kbs|KBS|MediaOutlet||||
xinhua|Xinhua|MediaOutlet|Xinhua News Agency|||
global-times|Global Times|MediaOutlet||||
sky-news|Sky News|MediaOutlet||||
dw|Deutsche Welle|MediaOutlet|DW|||
france24|France 24|MediaOutlet||||
euronews|Euronews|MediaOutlet||||
rferl|Radio Free Europe/Radio Liberty|MediaOutlet|RFE/RL;Radio Liberty|||
rfa|Radio Free Asia|MediaOutlet||||
voa|Voice of America|MediaOutlet|VOA|||
meduza|Meduza|MediaOutlet||||
novaya-gazeta|Novaya Gazeta|MediaOutlet|Novaya Gazeta Europe|||
kommersant|Kommersant|MediaOutlet||||
izvestia|Izvestia|MediaOutlet||||
rt|RT|MediaOutlet|Russia Today|||
kyodo|Kyodo News|MediaOutlet|Kyodo|||
nhk|NHK|MediaOutlet||||
nikkei|Nikkei|MediaOutlet|Nikkei Asia|||
newsweek|Newsweek|MediaOutlet||||
le-monde|Le Monde|MediaOutlet||||
der-spiegel|Der Spiegel|MediaOutlet|Spiegel|||
"""

PEOPLE = """
vladimir-putin|Vladimir Putin|Official|Putin;Vladimir Vladimirovich Putin|russia|Q7747|
kim-jong-un|Kim Jong Un|Official|Kim Jong-un;Kim Jong-Un|north-korea|Q56226|
kim-yo-jong|Kim Yo Jong|Official|Kim Yo-jong|north-korea||
choe-son-hui|Choe Son Hui|Official|Choe Son-hui|north-korea||
volodymyr-zelenskyy|Volodymyr Zelenskyy|Official|Volodymyr Zelensky;Volodymyr Zelenskiy;Zelenskyy;Zelensky;Zelenskiy|ukraine|Q3874799|
yoon-suk-yeol|Yoon Suk Yeol|Official|Yoon Suk-yeol;Yoon|south-korea||
han-duck-soo|Han Duck-soo|Official|Han Duck Soo|south-korea||
cho-tae-yul|Cho Tae-yul|Official|Cho Tae Yul|south-korea||
kim-yong-hyun|Kim Yong-hyun|Official|Kim Yong Hyun|south-korea||
shin-won-sik|Shin Won-sik|Official|Shin Won Sik|south-korea||
dmitry-peskov|Dmitry Peskov|Official|Dmitri Peskov;Peskov|russia||
sergey-lavrov|Sergey Lavrov|Official|Sergei Lavrov;Lavrov|russia||
maria-zakharova|Maria Zakharova|Official|Zakharova|russia||
andrei-belousov|Andrei Belousov|Official|Andrey Belousov;Belousov|russia||
sergei-shoigu|Sergei Shoigu|Official|Sergey Shoigu;Shoigu|russia||
valery-gerasimov|Valery Gerasimov|Official|Gerasimov|russia||
joe-biden|Joe Biden|Official|Biden|united-states|Q6279|
kamala-harris|Kamala Harris|Official|Harris|united-states||
donald-trump|Donald Trump|Person|Trump||Q22686|
antony-blinken|Antony Blinken|Official|Blinken|united-states||
lloyd-austin|Lloyd Austin|Official|Austin|united-states||
jake-sullivan|Jake Sullivan|Official|Sullivan|united-states||
john-kirby|John Kirby|Official|Kirby|united-states||
matthew-miller|Matthew Miller|Official||united-states||
sabrina-singh|Sabrina Singh|Official||united-states||
karine-jean-pierre|Karine Jean-Pierre|Official|Jean-Pierre|united-states||
linda-thomas-greenfield|Linda Thomas-Greenfield|Official|Thomas-Greenfield|united-states||
mark-rutte|Mark Rutte|Official|Rutte|nato|Q57792|
jens-stoltenberg|Jens Stoltenberg|Person|Stoltenberg|||
antonio-guterres|António Guterres|Official|Antonio Guterres;Guterres|united-nations||
xi-jinping|Xi Jinping|Official|Xi|china|Q15031|
wang-yi|Wang Yi|Official||china||
lin-jian|Lin Jian|Official||china||
shigeru-ishiba|Shigeru Ishiba|Official|Ishiba|japan||
keir-starmer|Keir Starmer|Official|Starmer|united-kingdom||
john-healey|John Healey|Official|Healey|united-kingdom||
david-lammy|David Lammy|Official|Lammy|united-kingdom||
emmanuel-macron|Emmanuel Macron|Official|Macron|france||
olaf-scholz|Olaf Scholz|Official|Scholz|germany||
ursula-von-der-leyen|Ursula von der Leyen|Official|von der Leyen|european-union||
josep-borrell|Josep Borrell|Official|Borrell|european-union||
kaja-kallas|Kaja Kallas|Official|Kallas|european-union||
kyrylo-budanov|Kyrylo Budanov|Official|Budanov|ukraine||
andrii-sybiha|Andrii Sybiha|Official|Sybiha|ukraine||
dmytro-kuleba|Dmytro Kuleba|Official|Kuleba|ukraine||
rustem-umerov|Rustem Umerov|Official|Umerov|ukraine||
oleksandr-syrskyi|Oleksandr Syrskyi|Official|Syrskyi|ukraine||
andriy-yermak|Andriy Yermak|Official|Yermak|ukraine||
alexander-lukashenko|Alexander Lukashenko|Official|Lukashenko|belarus||
"""


def esc(s):
    return s.replace("\\", "\\\\").replace('"', '\\"')


def emit(table, kind_default=None):
    out = []
    for line in table.strip().splitlines():
        cols = line.split("|")
        cols += [""] * (7 - len(cols))
        ident, name, kind, aliases, affiliation, wikidata, extra = cols[:7]
        out.append("[[entity]]")
        out.append(f'id = "{ident}"')
        out.append(f'name = "{esc(name)}"')
        out.append(f'kind = "{kind}"')
        al = [a for a in aliases.split(";") if a]
        if al:
            out.append("aliases = [" + ", ".join(f'"{esc(a)}"' for a in al) + "]")
        extras = dict(kv.split("=", 1) for kv in extra.split(";") if "=" in kv) if extra else {}
        # "demonyms=A;B" splits on ';' too: gather the loose parts back.
        if extra.startswith("demonyms="):
            extras = {"demonyms": extra[len("demonyms="):]}
        if affiliation or "affiliation" in extras:
            out.append(f'affiliation = "{affiliation or extras["affiliation"]}"')
        if wikidata:
            out.append(f'wikidata = "{wikidata}"')
        if "demonyms" in extras:
            ds = extras["demonyms"].split(";")
            out.append("demonyms = [" + ", ".join(f'"{esc(d)}"' for d in ds) + "]")
        if "metonym_of" in extras:
            out.append(f'metonym_of = "{extras["metonym_of"]}"')
        out.append("")
    return "\n".join(out)


print("# The gazetteer: actors and places of the story and its neighbourhood.")
print("# Generated by scripts/gazetteer.py; edit the tables there, then regenerate.")
print("# Wikidata ids are given only where certain.\n")
for title, table in (("States", STATES), ("Cities", CITIES), ("Places", PLACES),
                     ("Bodies", BODIES), ("Media", MEDIA), ("People", PEOPLE)):
    print(f"# {title}\n")
    print(emit(table))
