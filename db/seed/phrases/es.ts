import type { PhraseBank } from "./bank";

export const es: PhraseBank = {
  invite:
    "¡Hola! Somos los maestros de {child}. Nos encantaría visitar a su familia para conocerlos mejor. ¿Les gustaría recibir una visita? ¿Qué día y hora les quedan mejor?",
  accept: "¡Sí, con mucho gusto! Gracias. Entre semana, después de las 4 de la tarde, es lo mejor para nosotros.",
  decline: "Gracias por la invitación, pero en este momento no nos es posible.",
  confirm: "¡Qué bien, gracias! Ya tenemos la visita en el calendario. Si algo cambia, escríbannos por aquí.",
  reminder: "Recordatorio: mañana visitaremos a su familia. ¡Tenemos muchas ganas de verlos!",
  teacherTopics: [
    [
      "¡Hola! Les cuento una buena noticia: a {child} le fue muy bien en el examen de lectura esta semana. ¡Estamos muy orgullosos de [él|ella]!",
      "¡Muchas gracias por avisarnos! Estamos muy contentos.",
    ],
    [
      "¡Hola! ¿Cómo va todo en casa esta semana? {child} ha sido muy amable con sus compañeros.",
      "Todo bien, gracias. {child} nos cuenta de la escuela todos los días.",
    ],
    [
      "{child} está aprendiendo muchas palabras nuevas. Leer juntos en casa 15 minutos al día ayuda mucho, en cualquier idioma.",
      "Está bien, vamos a leer juntos todas las noches.",
    ],
    [
      "Este viernes a las 5:30 de la tarde tenemos una noche familiar en la escuela. ¡Toda la familia es bienvenida!",
      "Gracias por la invitación. Vamos a tratar de ir.",
    ],
    [
      "Hoy {child} se esforzó mucho en matemáticas y ayudó a un amigo. ¡Gracias por todo su apoyo en casa!",
      "¡Gracias! Nos da mucho gusto.",
    ],
  ],
  familyTopics: [
    [
      "Buenos días. {child} está [enfermo|enferma] hoy y no va a ir a la escuela.",
      "Gracias por avisarme. ¡Espero que {child} se mejore pronto!",
    ],
    [
      "Hola, ¿cuál es la tarea de esta semana? {child} no se acuerda.",
      "¡Hola! Esta semana la tarea es leer 20 minutos cada día y terminar la hoja de matemáticas. ¡Gracias por preguntar!",
    ],
    [
      "¿Puedo recoger a {child} temprano el jueves? Tiene cita con el doctor.",
      "Sí, claro. Pase por la oficina para firmar la salida. Gracias por avisarme.",
    ],
    [
      "{child} dice que un compañero no fue amable con [él|ella]. ¿Podemos hablar?",
      "Gracias por contarme. Hoy voy a hablar con {child}. ¿Le puedo llamar mañana después de clases?",
    ],
    [
      "¿Cómo va {child} en lectura? Queremos ayudar en casa.",
      "¡{child} está avanzando muy bien! Esta semana les voy a mandar unos libros a casa para que lean juntos.",
    ],
  ],
  familyThanks: ["¡Muchas gracias!", "¡Gracias por todo!"],
  teacherClosings: ["¡De nada! Que tengan un buen día.", "Gracias por su mensaje. ¡Hasta pronto!"],
};
