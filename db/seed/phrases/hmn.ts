import type { PhraseBank } from "./bank";

/** White Hmong in the Romanized Popular Alphabet, as Hmong families in the US text it. */
export const hmn: PhraseBank = {
  invite:
    "Nyob zoo! Peb yog {child} cov xib fwb. Peb xav tuaj xyuas nej tsev neeg kom peb paub nej zoo dua. Nej puas xav kom peb tuaj xyuas? Qhia rau peb seb hnub twg thiab sij hawm twg haum rau nej tshaj.",
  accept:
    "Zoo lawm, ua tsaug ntau! Peb zoo siab tos txais nej. Hnub ua hauj lwm, tom qab 4 teev tav su, yog lub sij hawm zoo tshaj rau peb.",
  decline: "Ua tsaug rau qhov nej caw, tab sis tam sim no peb tsis tau yooj yim.",
  confirm:
    "Zoo heev, ua tsaug! Peb twb sau hnub tuaj xyuas lawm. Yog muaj dab tsi hloov, xa lus tuaj qhia peb tau nawb.",
  reminder: "Nco ntsoov: tag kis peb yuav tuaj xyuas nej tsev neeg. Peb zoo siab tias yuav tau ntsib nej!",
  teacherTopics: [
    [
      "Nyob zoo! Kuv xav qhia ib zaj xov zoo: lub lim tiam no {child} xeem nyeem ntawv tau zoo heev. Peb txaus siab rau nws heev!",
      "Ua tsaug ntau uas qhia peb! Peb zoo siab heev.",
    ],
    [
      "Nyob zoo! Lub lim tiam no hauv tsev zoo li cas lawm? {child} siab zoo heev rau nws cov phooj ywg hauv chav kawm.",
      "Txhua yam zoo, ua tsaug. {child} tham txog tsev kawm ntawv rau peb txhua hnub.",
    ],
    [
      "{child} tab tom kawm ntau lo lus tshiab. Nyeem ntawv ua ke hauv tsev 15 feeb txhua hnub pab tau ntau heev, txawm yog hom lus twg los xij.",
      "Zoo lawm, peb yuav nyeem ua ke txhua hmo.",
    ],
    [
      "Hnub Tsib no thaum 5:30 tsaus ntuj tsev kawm ntawv muaj ib hmo rau tsev neeg. Caw nej tag nrho tsev neeg tuaj!",
      "Ua tsaug rau qhov caw. Peb yuav sim tuaj.",
    ],
    [
      "Hnub no {child} siv zog kawm lej heev thiab tau pab ib tug phooj ywg. Ua tsaug rau nej txoj kev txhawb nqa hauv tsev!",
      "Ua tsaug! Peb zoo siab heev.",
    ],
  ],
  familyTopics: [
    [
      "Nyob zoo sawv ntxov. Hnub no {child} mob, nws yuav tsis tuaj kawm ntawv.",
      "Ua tsaug uas qhia kuv. Thov kom {child} zoo sai sai!",
    ],
    [
      "Nyob zoo xib fwb, lub lim tiam no muaj ntawv coj los ua hauv tsev dab tsi? {child} tsis nco qab lawm.",
      "Nyob zoo! Lub lim tiam no yog nyeem ntawv 20 feeb txhua hnub thiab ua daim ntawv lej kom tiav. Ua tsaug uas nug!",
    ],
    [
      "Hnub Plaub kuv puas tuaj tos {child} ntxov tau? Nws muaj sij hawm mus ntsib kws kho mob.",
      "Tau kawg. Thov tuaj rau hauv lub chaw ua hauj lwm ntawm tsev kawm ntawv kos npe tos nws. Ua tsaug uas qhia kuv.",
    ],
    [
      "{child} hais tias muaj ib tug menyuam hauv chav kawm tsis zoo rau nws. Peb puas tham tau?",
      "Ua tsaug uas qhia kuv. Hnub no kuv yuav nrog {child} tham. Tag kis tom qab tsev kawm ntawv kuv puas hu tau rau nej?",
    ],
    [
      "{child} nyeem ntawv li cas lawm? Peb xav pab nws hauv tsev.",
      "{child} nce qib zoo heev! Lub lim tiam no kuv yuav xa ob peb phau ntawv mus tsev kom nej nyeem ua ke.",
    ],
  ],
  familyThanks: ["Ua tsaug ntau kawg!", "Ua tsaug rau txhua yam!"],
  teacherClosings: [
    "Tsis ua li cas! Thov kom nej muaj ib hnub zoo.",
    "Ua tsaug rau nej cov lus. Sib ntsib dua sai sai no!",
  ],
};
