/**
 * Names for the demo households, per family language, spelled the way US school rosters
 * usually carry them (given name first; Vietnamese names without tone marks, Chinese in
 * pinyin, Korean in revised romanization). Every name is invented for the demo; none refers
 * to a real family.
 */
export const DEMO_LANGUAGES = ["en", "es", "vi", "ar", "zh-Hans", "so", "hmn", "ht", "pt", "ko"] as const;
export type DemoLanguage = (typeof DEMO_LANGUAGES)[number];

export type NameSet = {
  surnames: readonly string[];
  women: readonly string[];
  men: readonly string[];
  girls: readonly string[];
  boys: readonly string[];
};

export const NAMES: Record<DemoLanguage, NameSet> = {
  en: {
    surnames: [
      "Johnson",
      "Williams",
      "Brown",
      "Davis",
      "Miller",
      "Wilson",
      "Anderson",
      "Thomas",
      "Jackson",
      "Harris",
      "Robinson",
      "Walker",
    ],
    women: ["Jessica", "Ashley", "Amanda", "Tiffany", "Keisha", "Megan", "Crystal", "Lauren"],
    men: ["Michael", "Christopher", "Marcus", "Brandon", "Kevin", "Andre", "Ryan", "Travis"],
    girls: ["Olivia", "Ava", "Aaliyah", "Harper", "Zoe", "Madison", "Chloe", "Nevaeh"],
    boys: ["Liam", "Noah", "Jayden", "Elijah", "Caleb", "Mason", "Isaiah", "Wyatt"],
  },
  es: {
    surnames: [
      "García",
      "Hernández",
      "López",
      "Martínez",
      "Ramírez",
      "Torres",
      "Flores",
      "Morales",
      "Reyes",
      "Castillo",
      "Vargas",
      "Mendoza",
      "Ortiz",
      "Cruz",
      "Rojas",
      "Salazar",
    ],
    women: ["María", "Guadalupe", "Rosa", "Ana", "Verónica", "Claudia", "Alejandra", "Yesenia", "Maribel"],
    men: ["José", "Juan", "Luis", "Carlos", "Miguel", "Jorge", "Francisco", "Alejandro"],
    girls: ["Sofía", "Valentina", "Camila", "Isabella", "Ximena", "Daniela", "Renata", "Mía"],
    boys: ["Mateo", "Santiago", "Diego", "Emiliano", "Leonardo", "Adrián", "Sebastián", "Iker"],
  },
  vi: {
    surnames: ["Nguyen", "Tran", "Le", "Pham", "Hoang", "Huynh", "Vo", "Dang", "Bui", "Do"],
    women: ["Lan", "Hoa", "Thao", "Linh", "Huong", "Ngoc Anh", "Trang", "Mai"],
    men: ["Minh", "Tuan", "Hung", "Duc", "Long", "Quang", "Thanh", "Phuc"],
    girls: ["Vy", "Ngoc", "My", "Khanh Linh", "Bao Tran", "Thu", "An Nhien", "Quynh"],
    boys: ["Bao", "Khoa", "Gia Huy", "Minh Khang", "Nam", "Phong", "Duy", "Tri"],
  },
  ar: {
    surnames: ["Khalil", "Mansour", "Haddad", "Ibrahim", "Nasser", "Darwish", "Qasim", "Yousef", "Al-Amin", "Hamdan"],
    women: ["Fatima", "Layla", "Mariam", "Noor", "Huda", "Samira", "Amal", "Reem"],
    men: ["Ahmed", "Mohammed", "Omar", "Khaled", "Tariq", "Ali", "Mahmoud", "Bilal"],
    girls: ["Lina", "Zaina", "Sara", "Jana", "Yasmin", "Maryam", "Hala", "Salma"],
    boys: ["Yousef", "Adam", "Hamza", "Rayan", "Karim", "Ibrahim", "Zaid", "Omar"],
  },
  "zh-Hans": {
    surnames: ["Chen", "Wang", "Li", "Zhang", "Liu", "Huang", "Zhao", "Wu", "Lin", "Zhou"],
    women: ["Mei", "Xiaoling", "Jing", "Yan", "Hui", "Li Na", "Fang", "Xiu"],
    men: ["Wei", "Jun", "Hao", "Qiang", "Lei", "Jian", "Ming", "Tao"],
    girls: ["Zihan", "Yuxi", "Ruoxi", "Xinyi", "Yutong", "Shiyu", "Ke'er", "Jiayi"],
    boys: ["Haoran", "Yichen", "Jiahao", "Zirui", "Muchen", "Yuhang", "Junjie", "Zeyu"],
  },
  so: {
    surnames: ["Abdi", "Warsame", "Farah", "Jama", "Osman", "Abdullahi", "Mohamud", "Hirsi", "Nur", "Aden"],
    women: ["Hodan", "Fadumo", "Sahra", "Nimco", "Hawa", "Asha", "Ifrah", "Ubah"],
    men: ["Abdirahman", "Mohamed", "Ahmed", "Hassan", "Abdullahi", "Yusuf", "Said", "Mukhtar"],
    girls: ["Hamdi", "Ilhan", "Sagal", "Najma", "Hibo", "Ayaan", "Ikran", "Samsam"],
    boys: ["Mustafe", "Abdirizak", "Khadar", "Zakariye", "Bilal", "Anas", "Ismail", "Sharmarke"],
  },
  hmn: {
    surnames: ["Vang", "Xiong", "Lee", "Yang", "Thao", "Her", "Moua", "Lor", "Vue", "Khang"],
    women: ["Mai", "Pa", "Bao", "Nou", "Yer", "Chia", "Kia", "Xee"],
    men: ["Tou", "Chue", "Pao", "Nhia", "Kou", "Fue", "Cha", "Xai"],
    girls: ["Kalia", "Maiyia", "Pachia", "Nou", "Kaying", "Mai Nou", "Sheng", "Maineng"],
    boys: ["Meng", "Seng", "Yeng", "Koua", "Lue", "Ger", "Tong", "Vam"],
  },
  ht: {
    surnames: ["Jean-Baptiste", "Pierre", "Joseph", "Louis", "Charles", "Desir", "Dorvil", "Celestin"],
    women: ["Marie", "Rose-Marie", "Nadège", "Guerline", "Fabiola", "Mirlande", "Widline", "Yolette"],
    men: ["Jean", "Wilner", "Frantz", "Ricardo", "Jacques", "Wesner", "Jocelyn", "Ernst"],
    girls: ["Darlene", "Medjine", "Christelle", "Nathalie", "Roseline", "Esther", "Bethina", "Kettly"],
    boys: ["Woodley", "Kervens", "Stanley", "Jameson", "Peterson", "Mackenson", "Ricardo", "Davidson"],
  },
  pt: {
    surnames: ["Silva", "Santos", "Oliveira", "Souza", "Costa", "Pereira", "Almeida", "Ferreira"],
    women: ["Ana Paula", "Juliana", "Fernanda", "Patrícia", "Camila", "Luciana", "Renata", "Cláudia"],
    men: ["João", "Rafael", "Marcelo", "Thiago", "Rodrigo", "Anderson", "Fábio", "Leandro"],
    girls: ["Helena", "Alice", "Laura", "Manuela", "Valentina", "Beatriz", "Lívia", "Giovanna"],
    boys: ["Miguel", "Arthur", "Davi", "Heitor", "Gabriel", "Enzo", "Lucas", "Bernardo"],
  },
  ko: {
    surnames: ["Kim", "Lee", "Park", "Choi", "Jung", "Kang", "Cho", "Yoon"],
    women: ["Jiyoung", "Soyeon", "Eunji", "Hyejin", "Minji", "Sunhee"],
    men: ["Junho", "Sungmin", "Dongwook", "Hyunwoo", "Jaehyun", "Sangwoo"],
    girls: ["Seoyeon", "Hayoon", "Jiwoo", "Seoah", "Chaewon", "Yerin"],
    boys: ["Seojun", "Minjun", "Doyun", "Juwon", "Siwoo", "Eunwoo"],
  },
};

/**
 * Where married women usually keep their own family name (Vietnamese, Chinese, Korean, Somali,
 * Arab and Hmong naming), a mother or grandmother on the roster carries a different surname
 * from the household's display name — a detail real rosters show and a UI must cope with.
 */
export const WOMEN_KEEP_OWN_SURNAME: ReadonlySet<DemoLanguage> = new Set(["vi", "zh-Hans", "ko", "so", "ar", "hmn"]);
