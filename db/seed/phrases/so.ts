import type { PhraseBank } from "./bank";

/** Somali marks the child's gender on the verb (wuxuu/waxay, wuu/way). */
export const so: PhraseBank = {
  invite:
    "Salaan! Waxaan nahay macallimiinta {child}. Waxaan jeclaan lahayn inaan booqanno qoyskiinna si aan idin barano. Ma rabtaan booqasho? Noo sheega maalinta iyo waqtiga idiin fiican.",
  accept:
    "Haa, mahadsanidiin! Waan ku faraxsannahay inaad na booqataan. Maalmaha toddobaadka, galabta saacadda 4-ta kadib, ayaa noogu fiican.",
  decline: "Mahadsanidiin martiqaadka, laakiin hadda waqtigu nooma habboona.",
  confirm: "Aad baad u mahadsantihiin! Booqashada waan qornay. Haddii wax isbeddelaan, fariin noo soo dira.",
  reminder: "Xasuusin: berri ayaan booqan doonnaa qoyskiinna. Waxaan rajaynaynaa inaan idin aragno!",
  teacherTopics: [
    [
      "Salaan! War wanaagsan ayaan idin la wadaagayaa: {child} [wuxuu|waxay] si fiican u [sameeyay|samaysay] imtixaanka akhriska toddobaadkan. Aad baan ugu faanaynaa!",
      "Aad baad u mahadsantihiin inaad noo sheegteen! Aad baan u faraxsannahay.",
    ],
    [
      "Salaan! Sidee tahay xaaladda guriga toddobaadkan? {child} [wuxuu|waxay] si wanaagsan ula [dhaqmaa|dhaqantaa] ardayda fasalka.",
      "Wax walba way fiican yihiin, mahadsanidiin. {child} maalin walba [wuxuu|waxay] noo [sheegaa|sheegtaa] waxa dugsiga ka dhaca.",
    ],
    [
      "{child} [wuxuu|waxay] [baranayaa|baranaysaa] ereyo badan oo cusub. In guriga maalin walba 15 daqiiqo wax la wada akhriyo aad bay u caawisaa, luqad kasta ha ahaatee.",
      "Waa hagaag, habeen walba wax ayaan wada akhrin doonnaa.",
    ],
    [
      "Jimcahan saacadda 5:30 galabnimo habeen qoys ayaa dugsiga ka dhacaya. Qoyska oo dhan waa lagu soo dhaweynayaa!",
      "Mahadsanidiin martiqaadka. Waan isku dayi doonnaa inaan imaanno.",
    ],
    [
      "Maanta {child} [wuxuu|waxay] aad ugu [dadaalay|dadaashay] xisaabta, [wuxuuna|waxayna] [caawiyay|caawisay] saaxiib. Waad ku mahadsan tihiin taageeradiinna guriga!",
      "Mahadsanidiin! Taasi aad bay noo farxad gelisay.",
    ],
  ],
  familyTopics: [
    [
      "Subax wanaagsan. {child} maanta [wuu xanuunsan yahay|way xanuunsan tahay], dugsiga [ma iman doono|ma iman doonto].",
      "Mahadsanid inaad ii sheegtay. Ilaahay ha caafiyo {child}!",
    ],
    [
      "Salaan, waa maxay shaqada guriga ee toddobaadkan? {child} [ma xasuusto|ma xasuusato].",
      "Salaan! Shaqada guriga toddobaadkan waa in maalin walba 20 daqiiqo wax la akhriyo, lana dhammeeyo bogga xisaabta. Mahadsanid su'aashaada!",
    ],
    [
      "Ma kaxayn karaa {child} goor hore Khamiista? [Wuxuu leeyahay|Waxay leedahay] ballan dhakhtar.",
      "Haa, dabcan. Fadlan soo mar xafiiska dugsiga si aad u saxiixdo bixitaanka. Mahadsanid inaad ii sheegtay.",
    ],
    [
      "{child} [wuxuu sheegay|waxay sheegtay] in arday fasalka ku jira uu si xun ula dhaqmay. Ma wada hadli karnaa?",
      "Mahadsanid inaad ii sheegtay. Maanta ayaan la hadli doonaa {child}. Berri dugsiga kadib ma ku soo wici karaa?",
    ],
    [
      "{child} akhriska sidee [buu ugu socdaa|bay ugu socotaa]? Waxaan rabnaa inaan guriga ka caawinno.",
      "{child} aad [buu u horumarayaa|bay u horumaraysaa]! Toddobaadkan buugaag ayaan guriga idiinku soo diri doonaa si aad u wada akhridaan.",
    ],
  ],
  familyThanks: ["Aad baad u mahadsantihiin!", "Wax walba mahadsanidiin!"],
  teacherClosings: ["Adaa mudan! Maalin wanaagsan.", "Mahadsanid fariintaada. Waan is arki doonnaa dhawaan!"],
};
