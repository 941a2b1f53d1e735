// One set of @nestjs/swagger CLI plugin options for the webpack build and for Jest, so both see the same schemas.
module.exports = {
  dtoFileNameSuffix: ['.dto.ts'],
  classValidatorShim: true,
  introspectComments: true,
};
