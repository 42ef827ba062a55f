import type { DemoTenant } from './types.ts';

/** A water and electricity cooperative of the Valle de Uco: homes, shops and a vineyard. */
export const aguasDelValle: DemoTenant = {
  tenantId: 'aguas-del-valle',
  password: 'aguas-demo',
  staffPassword: 'mesa-aguas-2026',
  staff: [
    { email: 'reclamos@aguasdelvalle.example', name: 'Sofía Mamaní', role: 'support' },
    { email: 'facturacion@aguasdelvalle.example', name: 'Diego Ríos', role: 'billing' },
  ],
  customers: [
    {
      name: 'Rosa Beatriz Funes',
      email: 'rbfunes@example.com',
      mobile: '+54 9 2622 55-1408',
      address: 'Belgrano 455, Tunuyán, Mendoza',
      accounts: [
        {
          number: '2001457',
          holderName: 'Rosa Beatriz Funes',
          documentType: 'DNI',
          documentNumber: '13456789',
          email: 'rbfunes@example.com',
          services: [
            { externalId: 'SUM-A-0031457', kind: 'water', plan: 'Agua potable · Residencial', address: 'Belgrano 455, Tunuyán', status: 'active' },
            { externalId: 'SUM-E-0081457', kind: 'electricity', plan: 'Energía T1 · Residencial', address: 'Belgrano 455, Tunuyán', status: 'active' },
          ],
        },
        {
          number: '2003310',
          holderName: 'Rosa Beatriz Funes',
          documentType: 'DNI',
          documentNumber: '13456789',
          email: 'rbfunes@example.com',
          services: [
            { externalId: 'SUM-A-0033310', kind: 'water', plan: 'Agua potable · Comercial', address: 'San Martín 1020, local 3, Tunuyán', status: 'active' },
            { externalId: 'SUM-E-0083310', kind: 'electricity', plan: 'Energía T2 · Comercial', address: 'San Martín 1020, local 3, Tunuyán', status: 'active' },
          ],
        },
      ],
    },
    {
      name: 'Héctor Daniel Ortiz',
      email: 'hdortiz@example.com',
      mobile: '+54 9 2622 55-7723',
      address: 'Los Sauces 18, Vista Flores, Mendoza',
      accounts: [
        {
          number: '2001980',
          holderName: 'Héctor Daniel Ortiz',
          documentType: 'DNI',
          documentNumber: '22345678',
          email: 'hdortiz@example.com',
          services: [
            { externalId: 'SUM-A-0031980', kind: 'water', plan: 'Agua potable · Residencial', address: 'Los Sauces 18, Vista Flores', status: 'active' },
            { externalId: 'SUM-E-0081980', kind: 'electricity', plan: 'Energía T1 · Residencial', address: 'Los Sauces 18, Vista Flores', status: 'cut' },
          ],
        },
      ],
    },
    {
      name: 'Finca Los Álamos S.A.',
      email: 'compras@fincalosalamos.example.com',
      mobile: '+54 9 2622 55-3091',
      address: 'Ruta Provincial 92 km 14, Vista Flores, Mendoza',
      accounts: [
        {
          number: '2004102',
          holderName: 'Finca Los Álamos S.A.',
          documentType: 'CUIT',
          documentNumber: '30709123455',
          email: 'compras@fincalosalamos.example.com',
          services: [
            { externalId: 'SUM-E-0094102', kind: 'electricity', plan: 'Energía T3 · Riego agrícola', address: 'RP 92 km 14, Vista Flores', status: 'active' },
            { externalId: 'SUM-A-0034102', kind: 'water', plan: 'Agua para riego · Turno eventual', address: 'RP 92 km 14, Vista Flores', status: 'suspended' },
          ],
        },
      ],
    },
  ],
  unclaimed: [
    {
      number: '2005027',
      holderName: 'Carla Vanesa Giménez',
      documentType: 'DNI',
      documentNumber: '36789012',
      email: 'cvgimenez@example.com',
      services: [
        { externalId: 'SUM-A-0035027', kind: 'water', plan: 'Agua potable · Residencial', address: 'Godoy Cruz 240, Tunuyán', status: 'active' },
        { externalId: 'SUM-S-0055027', kind: 'sewer', plan: 'Cloacas · Residencial', address: 'Godoy Cruz 240, Tunuyán', status: 'active' },
      ],
    },
  ],
};
