import type { DemoTenant } from './types.ts';

/** An internet provider of the north-west: fibre in the city, fixed wireless in the valleys. */
export const rednorte: DemoTenant = {
  tenantId: 'rednorte',
  password: 'rednorte-demo',
  staffPassword: 'mesa-rednorte-2026',
  staff: [
    { email: 'soporte@rednorte.example', name: 'Lucía Ferreyra', role: 'support' },
    { email: 'cobranzas@rednorte.example', name: 'Martín Aguirre', role: 'billing' },
  ],
  customers: [
    {
      name: 'María Laura Quispe',
      email: 'mlquispe@example.com',
      mobile: '+54 9 387 555-0142',
      address: 'Av. Bolivia 2140, Salta',
      accounts: [
        {
          number: '104721',
          holderName: 'María Laura Quispe',
          documentType: 'DNI',
          documentNumber: '28456789',
          email: 'mlquispe@example.com',
          services: [
            { externalId: 'RN-S-48810', kind: 'internet', plan: 'Fibra Hogar 300 Mb', address: 'Av. Bolivia 2140, Salta', status: 'active' },
          ],
        },
        {
          number: '104745',
          holderName: 'María Laura Quispe',
          documentType: 'DNI',
          documentNumber: '28456789',
          email: 'mlquispe@example.com',
          services: [
            { externalId: 'RN-S-49102', kind: 'internet', plan: 'Fibra Hogar 100 Mb', address: 'Güemes 312, Cafayate', status: 'active' },
          ],
        },
      ],
    },
    {
      name: 'Jorge Ariel Mamani',
      email: 'jamamani@example.com',
      mobile: '+54 9 387 555-0718',
      address: 'Los Ceibos 55, Vaqueros, Salta',
      accounts: [
        {
          number: '104722',
          holderName: 'Jorge Ariel Mamani',
          documentType: 'DNI',
          documentNumber: '31567210',
          email: 'jamamani@example.com',
          services: [
            { externalId: 'RN-S-48811', kind: 'internet', plan: 'Inalámbrico Rural 20 Mb', address: 'Los Ceibos 55, Vaqueros', status: 'suspended' },
            { externalId: 'RN-S-48812', kind: 'phone', plan: 'Telefonía IP Hogar', address: 'Los Ceibos 55, Vaqueros', status: 'active' },
          ],
        },
      ],
    },
    {
      name: 'Panadería La Salteña SRL',
      email: 'administracion@lasaltena.example.com',
      mobile: '+54 9 387 555-0390',
      address: 'Caseros 640, Salta',
      accounts: [
        {
          number: '104730',
          holderName: 'Panadería La Salteña SRL',
          documentType: 'CUIT',
          documentNumber: '30715842366',
          email: 'administracion@lasaltena.example.com',
          services: [
            { externalId: 'RN-S-48950', kind: 'internet', plan: 'Fibra Empresas 500 Mb simétrico', address: 'Caseros 640, Salta', status: 'active' },
            { externalId: 'RN-S-48951', kind: 'ip', plan: 'IP fija', address: 'Caseros 640, Salta', status: 'active' },
            { externalId: 'RN-S-47012', kind: 'internet', plan: 'Fibra Empresas 100 Mb', address: 'Alvarado 1022, Salta', status: 'cancelled' },
          ],
        },
      ],
    },
  ],
  unclaimed: [
    {
      number: '104750',
      holderName: 'Luciana Flores',
      documentType: 'DNI',
      documentNumber: '35123456',
      email: 'lflores@example.com',
      services: [
        { externalId: 'RN-S-49320', kind: 'internet', plan: 'Fibra Hogar 300 Mb', address: 'Pje. Calchaquí 77, Salta', status: 'active' },
      ],
    },
  ],
};
