import type { DemoTenant } from './types.ts';

/** A hosting company selling under two brands, NubeHost and ServidoresYa, to one customer base. */
export const nubehost: DemoTenant = {
  tenantId: 'nubehost',
  password: 'nubehost-demo',
  staffPassword: 'mesa-nubehost-2026',
  staff: [
    { email: 'soporte@nubehost.example', name: 'Valentina Paz', role: 'support' },
    { email: 'billing@nubehost.example', name: 'Tomás Acosta', role: 'billing' },
  ],
  customers: [
    {
      name: 'Estudio Contable Ferreyra & Asoc.',
      email: 'sistemas@estudioferreyra.example.com',
      mobile: '+54 9 351 555-2210',
      address: 'Bv. Chacabuco 742, piso 3, Córdoba',
      accounts: [
        {
          number: 'NH-10021',
          holderName: 'Estudio Contable Ferreyra & Asoc.',
          documentType: 'CUIT',
          documentNumber: '30712345671',
          email: 'sistemas@estudioferreyra.example.com',
          brandId: 'nubehost',
          services: [
            { externalId: 'NH-HST-5531', kind: 'hosting', plan: 'Hosting Pyme 10 GB', address: 'estudioferreyra.example.com', status: 'active' },
            { externalId: 'NH-DOM-5532', kind: 'domain', plan: 'Dominio .com.ar', address: 'estudioferreyra.example.com', status: 'active' },
            { externalId: 'NH-MAIL-5533', kind: 'email', plan: 'Correo Profesional · 10 casillas', address: 'estudioferreyra.example.com', status: 'active' },
          ],
        },
      ],
    },
    {
      name: 'Martín Sosa',
      email: 'martin@sosa.example.com',
      mobile: '+54 9 351 555-8046',
      address: 'Obispo Trejo 1130, Córdoba',
      accounts: [
        {
          number: 'NH-10034',
          holderName: 'Martín Sosa',
          documentType: 'CUIT',
          documentNumber: '20339120049',
          email: 'martin@sosa.example.com',
          brandId: 'nubehost',
          services: [
            { externalId: 'NH-HST-5710', kind: 'hosting', plan: 'Hosting WordPress Inicial', address: 'sosa.example.com', status: 'active' },
          ],
        },
        {
          number: 'SY-20011',
          holderName: 'Martín Sosa',
          documentType: 'CUIT',
          documentNumber: '20339120049',
          email: 'martin@sosa.example.com',
          brandId: 'servidoresya',
          services: [
            { externalId: 'SY-VPS-0912', kind: 'vps', plan: 'VPS 4 GB · Ubuntu 24.04', address: 'vps-0912.servidoresya.example', status: 'active' },
            { externalId: 'SY-VPS-0640', kind: 'vps', plan: 'VPS 2 GB · Debian 12', address: 'vps-0640.servidoresya.example', status: 'cancelled' },
          ],
        },
      ],
    },
    {
      name: 'Mate & Yerba SRL',
      email: 'it@mateyyerba.example.com',
      mobile: '+54 9 11 5555-3377',
      address: 'Av. Corrientes 3480, CABA',
      accounts: [
        {
          number: 'SY-20018',
          holderName: 'Mate & Yerba SRL',
          documentType: 'CUIT',
          documentNumber: '30716554437',
          email: 'it@mateyyerba.example.com',
          brandId: 'servidoresya',
          services: [
            { externalId: 'SY-VPS-1033', kind: 'vps', plan: 'VPS 8 GB · Tienda online', address: 'vps-1033.servidoresya.example', status: 'suspended' },
            { externalId: 'SY-BKP-1034', kind: 'backup', plan: 'Backup diario 100 GB', address: 'vps-1033.servidoresya.example', status: 'suspended' },
          ],
        },
      ],
    },
  ],
  unclaimed: [
    {
      number: 'SY-20025',
      holderName: 'Agustina Paz',
      documentType: 'DNI',
      documentNumber: '38456123',
      email: 'agustina.paz@example.com',
      brandId: 'servidoresya',
      services: [
        { externalId: 'SY-DED-0021', kind: 'dedicated', plan: 'Servidor dedicado · Xeon 32 GB', address: 'ded-0021.servidoresya.example', status: 'active' },
      ],
    },
  ],
};
