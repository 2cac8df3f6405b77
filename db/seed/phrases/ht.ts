import type { PhraseBank } from "./bank";

/** Teachers write to one parent ("ou"); "nou" is both "we" and "you all" in Kreyòl. */
export const ht: PhraseBank = {
  invite:
    "Bonjou! Nou se pwofesè {child}. Nou ta renmen vizite fanmi ou pou nou ka konnen ou pi byen. Èske ou ta renmen resevwa yon vizit? Di nou ki jou ak ki lè ki pi bon pou ou.",
  accept: "Wi, avèk plezi, mèsi! Nan semèn nan, apre 4 è nan apremidi pi bon pou nou.",
  decline: "Mèsi pou envitasyon an, men kounye a se pa yon bon moman pou nou.",
  confirm: "Bèl bagay, mèsi! Nou mete vizit la sou kalandriye a. Si gen yon bagay ki chanje, voye yon mesaj ban nou.",
  reminder: "Raple: demen nou pral vizite fanmi ou. Nou byen kontan pou nou rankontre fanmi ou!",
  teacherTopics: [
    [
      "Bonjou! Men yon bon nouvèl: {child} te fè yon bon travay nan egzamen lekti semèn sa a. Nou fyè anpil de li!",
      "Mèsi anpil paske ou di nou sa! Nou kontan anpil.",
    ],
    [
      "Bonjou! Kijan tout bagay ye lakay semèn sa a? {child} janti anpil ak kamarad klas li yo.",
      "Tout bagay anfòm, mèsi. {child} pale nou de lekòl la chak jou.",
    ],
    [
      "{child} ap aprann anpil mo nouvo. Li ansanm lakay 15 minit chak jou ede anpil, nan nenpòt ki lang.",
      "Dakò, n ap li ansanm chak swa.",
    ],
    [
      "Vandredi sa a a 5:30 nan aswè gen yon swarè fanmi nan lekòl la. Tout fanmi an envite!",
      "Mèsi pou envitasyon an. N ap eseye vini.",
    ],
    [
      "Jodi a {child} travay di nan matematik epi li ede yon zanmi. Mèsi pou tout sipò ou lakay!",
      "Mèsi! Sa fè nou kontan anpil.",
    ],
  ],
  familyTopics: [
    [
      "Bonjou. {child} malad jodi a, li p ap ka vin lekòl.",
      "Mèsi paske ou fè m konnen. Mwen swete {child} refè byento!",
    ],
    [
      "Bonjou, ki devwa pou semèn sa a? {child} pa sonje.",
      "Bonjou! Semèn sa a devwa a se li 20 minit chak jou epi fini paj matematik la. Mèsi paske ou mande!",
    ],
    [
      "Èske m ka vin chèche {child} bonè jedi? Li gen randevou kay doktè.",
      "Wi, natirèlman. Tanpri pase nan biwo lekòl la pou siyen pou li soti. Mèsi paske ou di m sa.",
    ],
    [
      "{child} di m gen yon kamarad klas ki pa janti avè l. Èske nou ka pale?",
      "Mèsi paske ou di m sa. Jodi a m ap pale ak {child}. Èske m ka rele ou demen apre lekòl?",
    ],
    [
      "Kijan {child} ap mache nan lekti? Nou vle ede li lakay.",
      "{child} ap fè bon pwogrè! Semèn sa a m ap voye kèk liv lakay pou nou li ansanm.",
    ],
  ],
  familyThanks: ["Mèsi anpil!", "Mèsi pou tout bagay!"],
  teacherClosings: ["Pa gen pwoblèm! Pase yon bon jounen.", "Mèsi pou mesaj ou. N ap wè byento!"],
};
