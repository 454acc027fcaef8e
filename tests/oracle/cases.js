// Differential corpus definition: template + data cases for the official engine (see generate.js).
'use strict';
const fs = require('fs');
const path = require('path');

const data = {
  nombre: 'Núñez', saludo: '¡Hola, señora Peña!', n: 3, x: 2.5, neg: -7, cero: 0, vacio: '', nulo: null,
  verdadero: true, falso: false, lista: [3, 1, 2], vacia: [], palabras: ['árbol', 'Ñandú', 'éxito', 'zorro'],
  personas: [
    { nombre: 'Ana', edad: 31, region: 'Ñuble', activo: true },
    { nombre: 'Íñigo', edad: 25, region: 'Biobío', activo: false },
    { nombre: 'Zoë', edad: 40, region: 'Ñuble', activo: true },
  ],
  'con espacio': 'sí', obj: { a: 1, 'b c': { d: 'profundo' }, arr: [{ k: 'v0' }, { k: 'v1' }] },
  fecha: '2024-03-05T10:00:00.000Z', fechaLocal: '2024-12-31T23:59:59', fechaSolo: '2024-02-29',
  monto: 1234567.891, pct: 0.4567, grande: 1e21, pequeno: 0.000001234, jsonTexto: '{"a":[1,2],"b":"ñ"}',
  Mayus: 'mayúsculas', idx: 1, clave: 'nombre', texto: '  espacios  ', csv: 'uno,dos,,tres', frac: 0.125,
  negfrac: -0.001, entero: 42, mitad: 2.5, tres: 3.5,
};

const expressions = [
  // paths
  'nombre', 'NOMBRE', 'saludo', 'n', 'x', 'neg', 'cero', 'vacio', 'nulo', 'verdadero', 'falso', 'lista', 'vacia',
  'personas[0].nombre', 'personas[1]', 'personas[5]', 'personas[5].nombre', 'personas[idx].region', "obj['b c'].d",
  "$root['con espacio']", "obj['b c']", 'obj.arr[1].k', 'obj.arr[0]', 'obj.missing', 'missing', 'missing.deep.path',
  '$data.nombre', '$root.nombre', '$data', '$index', '$host', '$host.tema', '$root.obj.a', 'lista[0]', 'lista[idx]',
  'lista[-1]', "obj[clave]", "personas[0][clave]", 'personas[0].NOMBRE', 'palabras[3]', 'grande', 'pequeno', 'monto',
  'nombre.length', 'lista.length', "obj['a']", 'personas[true]', '$_acTemplateVersion.major',
  // literals and operators
  "'texto'", '"doble"', "'it\\'s'", '12', '1.5', 'true', 'null', '[1, 2, 3]', "['a', 'b']", '{a: 1, b: "dos"}',
  '1 + 2 * 3', '(1 + 2) * 3', '10 / 4', '10.0 / 4', '7 % 3', '2 ^ 10', '-n', '+n', '!verdadero', '!missing', 'n - 1',
  "nombre + ' ' + saludo", "'a' + 1", '1 + missing', "'a' & 1 & true", 'n & x', '1 / 0', '5 % 0', 'n == 3', "n == '3'",
  'n != 3', 'n < 4', 'n <= 3', 'n > x', "nombre > 'A'", "n < 'a'", 'nulo == null', 'missing == null',
  'verdadero && falso', 'verdadero || falso', 'n > 2 && n < 4', 'missing ?? "defecto"', 'nulo ?? "defecto"',
  'n > 2 ? "grande" : "chico"', 'falso ? 1 : 2', '1 <> 2', 'a.b(1)',
  // logic functions
  "if(verdadero, 'sí', 'no')", "if(missing, 'sí', 'no')", "if(n > 5, 'sí', 'no')", 'and(verdadero, n)', 'or(falso, missing)',
  'not(falso)', 'not(missing)', 'equals(n, 3)', 'equals(lista, [3, 1, 2])', "equals(obj, json('{}'))", 'exists(nombre)',
  'exists(missing)', 'exists(nulo)', 'empty(vacio)', 'empty(lista)', 'empty(vacia)', 'empty(missing)', 'empty(obj)',
  'empty(n)', "coalesce(nulo, missing, 'tercero')", 'coalesce(nulo)',
  // arithmetic functions
  'add(1, 2, 3)', "add('a', 'b')", 'sub(10, 3, 2)', 'mul(2, 3, 4)', 'div(7, 2)', 'div(7.0, 2)', 'div(x, 2)', 'div(1, 0)',
  'mod(7, 3)', 'mod(-7, 3)', 'max(1, 5, 3)', 'max(lista)', 'min(lista, 0)', 'sum(lista)', 'sum(vacia)', 'average(lista)',
  'round(2.5)', 'round(3.14159, 2)', 'round(-2.5)', 'round(x, 20)', 'floor(x)', 'ceiling(x)', 'floor(neg / 2)',
  'add(1)', 'range(1, 4)', 'range(0, 0)', "max('a', 1)", 'add(nombre, 1)',
  // strings
  "concat('a', 'b', 1, true, nulo)", 'concat(lista, [4])', "concat(nombre, obj)", 'length(saludo)', 'length(missing)',
  'length(n)', 'toUpper(saludo)', 'toLower(nombre)', 'toUpper(missing)', 'trim(texto)', 'substring(saludo, 1, 4)',
  'substring(saludo, 6)', 'substring(saludo, 10, 100)', "replace(saludo, 'a', 'A')", "replace(saludo, '', 'x')",
  "split(csv, ',')", 'split(nombre)', "join(palabras, ', ')", "join(palabras, ', ', ' y ')", "join(lista, '-')",
  "indexOf(saludo, 'señora')", "indexOf(lista, 2)", "indexOf(saludo, 'zzz')", "startsWith(nombre, 'Nú')",
  "endsWith(nombre, 'z')", "contains(saludo, 'Peña')", 'contains(lista, 2)', "contains(obj, 'a')", "contains(personas, 'x')",
  'string(n)', 'string(monto)', 'string(x)', 'string(verdadero)', 'string(obj)', 'string(lista)', 'string(nulo)',
  "string(monto, 'es-ES')", "int('12')", "int('12.7')", 'int(x)', "int('abc')", "float('3.25')", "float('x')", 'float(n)',
  'json(jsonTexto)', 'json(jsonTexto).a[1]', "json('no es json')", "toUpper('ñandú')", "concat('${', 'x}')",
  // collections
  'count(lista)', 'count(saludo)', 'count(obj)', 'count(n)', 'first(lista)', 'first(palabras)', 'first(saludo)',
  'first(vacia)', 'last(personas).nombre', 'last(vacio)', 'where(lista, v, v > 1)', 'where(personas, p, p.activo)',
  'where(personas, p, p.region == "Ñuble")', 'where(personas, p => p.edad > 30)', 'select(personas, p, p.nombre)',
  "select(personas, p, concat(p.nombre, ' (', p.edad, ')'))", 'foreach(lista, v, v * 2)', 'select(missing, v, v)',
  'select(obj, kv, kv.key)', 'where(obj, kv, kv.key == "a")', "sortBy(personas, 'edad')", "sortBy(personas, 'nombre')",
  'sortBy(lista)', "sortByDescending(personas, 'edad')", "sortBy(palabras)", 'take(lista, 2)', 'skip(lista, 1)',
  'take(saludo, 5)', 'take(lista, 10)', 'skip(lista, -1)', 'union(lista, [5, 1])', 'createArray(1, "b", nulo)',
  "count(where(personas, p, p.activo))", "join(select(sortBy(personas, 'edad'), p, p.nombre), ', ')",
  'select(personas, p, p.missing)', 'where(lista, v, $index == 0)', 'select(personas, p, nombre)',
  // formatting and dates
  'formatNumber(monto, 2)', "formatNumber(monto, 2, 'es-CL')", "formatNumber(monto, 2, 'es-ES')", "formatNumber(monto, 0, 'de-DE')",
  "formatNumber(monto, 1, 'fr-FR')", "formatNumber(pct * 100, 1, 'es-ES')", 'formatNumber(neg, 2)', 'formatNumber(negfrac, 2)',
  'formatNumber(frac, 2)', 'formatNumber(n, 0)', "formatNumber('3', 1)", 'formatNumber(x, nulo)', "formatNumber(monto, 2, 'en-IN')",
  'formatDateTime(fecha)', "formatDateTime(fecha, 'dd/MM/yyyy')", "formatDateTime(fecha, 'dd-MM-yy HH:mm')",
  "formatDateTime(fecha, 'dddd d MMMM yyyy', 'es-CL')", "formatDateTime(fecha, 'ddd MMM d, h:mm tt')", "formatDateTime(fechaLocal, 'yyyy-MM-ddTHH:mm:ss')",
  "formatDateTime(fechaSolo, 'D')", "formatDateTime(fecha, 'o')", "formatDateTime(fecha, 'hh:mm:ss.fff')", "formatDateTime(fecha, \"d 'de' MMMM\")",
  "formatDateTime('no es fecha')", 'formatDateTime(n)', "formatDateTime(fecha, '')", "formatDateTime('2024-03-05T10:00:00-03:00', 'HH:mm')",
  'addDays(fecha, 3)', 'addDays(fecha, -30)', "addDays(fecha, 1, 'yyyy-MM-dd')", 'addDays(fechaLocal, 1)', 'addHours(fecha, 20)',
  'addMinutes(fecha, 90)', 'dayOfWeek(fecha)', 'dayOfMonth(fecha)', 'month(fecha)', 'year(fecha)', 'ticks(fecha)', 'ticks(fechaSolo)',
  "dayOfWeek('2024-03-10T00:00:00.000Z')", 'year(n)',
  // errors and unknowns
  'foo(1)', 'toupper(nombre)', 'nombre.', 'año', '(1 + 2', "'sin cerrar", 'lista[', 'n = 3', 'where(lista, 1, true)',
  'substring(nombre)', 'if(1, 2)', 'json(n)',
];

function exprCases() {
  const cases = [];
  expressions.forEach((e, i) => {
    cases.push({ name: `expr ${i} whole: ${e}`, template: { v: '${' + e + '}' }, data });
    cases.push({ name: `expr ${i} interpolated: ${e}`, template: { v: 'Valor: ${' + e + '} fin' }, data });
    cases.push({ name: `expr ${i} when: ${e}`, template: [{ $when: '${' + e + '}', t: 'sí' }, { t: 'siempre' }], data });
  });
  return cases;
}

const structural = [
  ['root repeat', { type: 'AdaptiveCard', body: [{ type: 'TextBlock', $data: '${personas}', text: '${$index}: ${nombre} (${edad})' }] }],
  ['inline array data', { body: [{ $data: [{ a: 1 }, { a: 2 }], t: '${a}' }] }],
  ['inline object data', { body: [{ $data: { a: 'x' }, t: '${a}' }] }],
  ['inline array with expression strings', { body: [{ $data: ['${nombre}', 'b'], t: '${$data}' }] }],
  ['root $data', { $data: '${obj}', t: '${a}', r: '${$root.nombre}' }],
  ['nested data', { body: [{ $data: '${personas}', items: [{ $data: '${palabras}', t: '${$data} ${$index}' }] }] }],
  ['nested data root access', { body: [{ $data: '${personas}', items: [{ t: '${nombre} de ${$root.saludo} #${$index}' }] }] }],
  ['empty array data', { body: [{ $data: '${vacia}', t: 'x' }, { t: 'y' }] }],
  ['missing array data', { body: [{ $data: '${missing}', t: '${$data}' }] }],
  ['null data', { body: [{ $data: '${nulo}', t: '${$data}' }] }],
  ['scalar data', { body: [{ $data: '${n}', t: '${$data}' }] }],
  ['string data', { body: [{ $data: 'texto', t: '${$data}' }] }],
  ['repeat with when', { body: [{ $data: '${personas}', $when: '${activo}', t: '${nombre}' }] }],
  ['repeat with when index', { body: [{ $data: '${lista}', $when: '${$index > 0}', t: '${$data}' }] }],
  ['when true literal', { body: [{ $when: true, t: 'a' }, { $when: false, t: 'b' }] }],
  ['when plain string', { body: [{ $when: 'true', t: 'a' }] }],
  ['when string result', { body: [{ $when: '${nombre}', t: 'a' }] }],
  ['when number result', { body: [{ $when: '${n}', t: 'a' }] }],
  ['when interpolated', { body: [{ $when: 'x ${verdadero}', t: 'a' }] }],
  ['root when false', { $when: '${falso}', t: 'a' }],
  ['root when true', { $when: '${verdadero}', t: 'a' }],
  ['escape', { a: '\\${nombre}', b: 'precio \\${n} y ${n}', c: 'back\\`tick ${n}', d: 'sin nada \\ barra', e: '\\\\${n}' }],
  ['backtick', { a: 'it`s ${n}' }],
  ['backtick without binding', { a: 'it`s' }],
  ['unresolved', { a: '${missing}', b: 'x ${missing} y', c: '${missing.x}', d: '${toUpper(missing)}' }],
  ['unresolved keeps type', { a: '${n}', b: '${verdadero}', c: '${obj}', d: '${lista}', e: '${nulo}', f: '${x}' }],
  ['constants in binding', { a: '${1}', b: '${true}', c: "${'s'}", d: '${null}', e: '${[1]}' }],
  ['several bindings', { a: '${nombre}${n}', b: '${n}${missing}', c: '${n} ${x} ${verdadero} ${lista} ${obj}' }],
  ['null in interpolation', { a: 'x ${nulo}' }],
  ['empty binding', { a: '${}', b: '${ }', c: 'a ${ n } b', d: '$ {n}', e: '${n', f: '${\nn}' }],
  ['dollar forms', { a: '$n', b: '${$n}', c: '${{n}}', d: '$${n}' }],
  ['strings with braces', { a: "${concat('{', nombre, '}')}", b: "${'}'}", c: '${json(\'{"a":1}\').a}' }],
  ['object literal binding', { a: '${{a: 1, b: nombre}}', b: "${{'x y': 1}}" }],
  ['host', { a: '${$host.tema}', b: '${$host}', c: 'tema ${$host.tema}' }, { tema: 'oscuro' }],
  ['host missing', { a: '${$host.tema}' }],
  ['reserved keys dropped', { $root: 1, $index: 2, $host: 3, $_acTemplateVersion: 4, a: 1 }],
  ['version', { v: '${$_acTemplateVersion}' }],
  ['numbers', { a: 1.0, b: 1e21, c: -0, d: 0.1, e: 123456789012, f: '${pequeno}', g: '${grande}' }],
  ['integer keys ordering', { b: 1, 2: 'dos', a: '${n}', 1: 'uno' }],
  ['nulls in arrays', { a: [null, 1, '${missing}', '${nulo}', '${obj.missing2}'] }],
  ['nested arrays flatten', { a: [[1, 2], [3, [4]], '${lista}'] }],
  ['bracket keys', { a: "${$root['con espacio']}", b: "${obj['b c'].d}", c: "${$data['con espacio']}" }],
  ['spanish text', { title: 'Guía de acompañamiento — sesión ${n}', body: '¿Cómo está ${nombre}? Año ${year(fecha)}' }],
  ['unknown function whole', { a: '${foo()}' }],
  ['unknown function interpolated', { a: 'x ${foo()} y ${n}' }],
  ['error whole', { a: '${1/0}' }],
  ['error interpolated', { a: 'x ${div(n, cero)} y ${substring(nombre, 10)} z ${nombre}' }],
  ['parse error', { a: '${add(1}' }],
  ['arity error', { a: '${add(1)}' }],
  ['deep template', { a: { b: { c: [{ d: '${personas[2].nombre}' }] } } }],
  ['scalar root', '${nombre}'],
  ['array root', ['${n}', { $data: '${lista}', v: '${$data}' }]],
  ['number root', 5],
  ['index outside repeat', { a: '${$index}', b: [{ $data: '${lista}', c: [{ d: '${$index}' }] }] }],
  ['lambda in repeat', { body: [{ $data: '${personas}', t: "${join(where(palabras, w, startsWith(w, first(nombre))), '|')}" }] }],
  ['select objects', { a: "${select(personas, p, {n: p.nombre, e: p.edad})}" }],
  ['choice set', { type: 'Input.ChoiceSet', choices: [{ $data: '${personas}', title: '${nombre}', value: '${string($index)}' }] }],
];

function structuralCases() {
  return structural.map(([name, template, host]) => ({ name: `template: ${name}`, template, data, host }));
}

function dataVariations() {
  const t = { a: '${nombre}', b: '${n}', c: [{ $data: '${lista}', v: '${$data}' }] };
  return [
    { name: 'data: null', template: t, data: null },
    { name: 'data: array', template: { a: '${$data}', b: '${length}', c: '${[0]}' }, data: [1, 2] },
    { name: 'data: string', template: { a: '${$data}', b: '${$root}' }, data: 'hola' },
    { name: 'data: empty object', template: t, data: {} },
    { name: 'data: case-insensitive keys', template: { a: '${Nombre}', b: '${nombre}' }, data: { NOMBRE: 1, nombre: 2 } },
    { name: 'data: unicode keys', template: { a: "${$root['año']}", b: "${$root['ñ']}" }, data: { 'año': 2024, 'ñ': 'eñe' } },
    { name: 'data: keys with dots', template: { a: "${$root['a.b']}" }, data: { 'a.b': 1, a: { b: 2 } } },
    { name: 'data: large numbers', template: { a: '${n}', b: 'n=${n}', c: '${string(n)}' }, data: { n: 123456789.123 } },
  ];
}

function guideCases() {
  const dir = path.join(__dirname, '..', '..', 'bench', 'Bitacora.Benchmarks', 'Cards');
  const template = JSON.parse(fs.readFileSync(path.join(dir, 'guide-card.template.json'), 'utf8'));
  const guide = JSON.parse(fs.readFileSync(path.join(dir, 'guide-card.data.json'), 'utf8'));
  return [{ name: 'guide card (bench)', template, data: guide }];
}

module.exports = { all: () => [...exprCases(), ...structuralCases(), ...dataVariations(), ...guideCases()] };
