import type { PhraseBank } from "./bank";

/** Brazilian Portuguese. "Agradeço/agradecemos" avoids obrigado/obrigada, which marks the speaker's gender. */
export const pt: PhraseBank = {
  invite:
    "Olá! Somos os professores de {child}. Adoraríamos visitar a sua família para conhecê-los melhor. Vocês gostariam de receber uma visita? Digam qual dia e horário são melhores para vocês.",
  accept: "Sim, com muito prazer! Agradecemos o convite. Durante a semana, depois das 4 da tarde, é melhor para nós.",
  decline: "Agradecemos o convite, mas no momento não é possível para nós.",
  confirm: "Que ótimo! A visita já está marcada no nosso calendário. Se algo mudar, é só nos mandar uma mensagem.",
  reminder: "Lembrete: amanhã vamos visitar a sua família. Estamos ansiosos para ver vocês!",
  teacherTopics: [
    [
      "Olá! Uma boa notícia: {child} foi muito bem na prova de leitura esta semana. Estamos muito orgulhosos [dele|dela]!",
      "Agradecemos muito por nos contar! Estamos muito felizes.",
    ],
    [
      "Olá! Como vão as coisas em casa esta semana? {child} tem sido muito gentil com os colegas.",
      "Está tudo bem, agradecemos. {child} conta sobre a escola todos os dias.",
    ],
    [
      "{child} está aprendendo muitas palavras novas. Ler juntos em casa 15 minutos por dia ajuda muito, em qualquer idioma.",
      "Está bem, vamos ler juntos todas as noites.",
    ],
    [
      "Nesta sexta-feira, às 17h30, teremos uma noite em família na escola. Toda a família é bem-vinda!",
      "Agradecemos o convite. Vamos tentar ir.",
    ],
    [
      "Hoje {child} se esforçou muito em matemática e ajudou um amigo. Agradeço todo o apoio de vocês em casa!",
      "Que alegria! Isso nos deixa muito felizes.",
    ],
  ],
  familyTopics: [
    ["Bom dia. {child} está doente hoje e não vai à escola.", "Agradeço por avisar. Espero que {child} melhore logo!"],
    [
      "Olá, qual é a lição de casa desta semana? {child} não lembra.",
      "Olá! Esta semana a lição é ler 20 minutos por dia e terminar a folha de matemática. Agradeço a pergunta!",
    ],
    [
      "Posso buscar {child} mais cedo na quinta-feira? [Ele|Ela] tem consulta médica.",
      "Sim, claro. Por favor, passe na secretaria para assinar a saída [dele|dela]. Agradeço por avisar.",
    ],
    [
      "{child} disse que um colega não foi legal com [ele|ela]. Podemos conversar?",
      "Agradeço por me contar. Vou conversar com {child} hoje. Posso ligar para vocês amanhã depois da aula?",
    ],
    [
      "Como {child} está indo na leitura? Queremos ajudar em casa.",
      "{child} está progredindo muito bem! Esta semana vou mandar alguns livros para vocês lerem juntos em casa.",
    ],
  ],
  familyThanks: ["Agradecemos muito!", "Agradecemos por tudo!"],
  teacherClosings: ["De nada! Tenham um ótimo dia.", "Agradeço a mensagem. Até breve!"],
};
