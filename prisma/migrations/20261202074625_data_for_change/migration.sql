-- CreateTable
CREATE TABLE "CommunityAsset" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "organisationId" TEXT NOT NULL,
    "externalId" TEXT,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "area" TEXT NOT NULL,
    "areaKey" TEXT NOT NULL,
    "schedule" TEXT NOT NULL DEFAULT '',
    "contact" TEXT NOT NULL DEFAULT '',
    "cost" TEXT NOT NULL DEFAULT '',
    "accessibility" TEXT NOT NULL DEFAULT '',
    "lastVerifiedAt" DATETIME,
    "needsCheckSince" DATETIME,
    "needsCheckReason" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "CommunityAsset_organisationId_fkey" FOREIGN KEY ("organisationId") REFERENCES "Organisation" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "AssetCategory" (
    "assetId" TEXT NOT NULL,
    "category" TEXT NOT NULL,

    PRIMARY KEY ("assetId", "category"),
    CONSTRAINT "AssetCategory_assetId_fkey" FOREIGN KEY ("assetId") REFERENCES "CommunityAsset" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Connection" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "personId" TEXT NOT NULL,
    "assetId" TEXT NOT NULL,
    "whatMattersId" TEXT,
    "status" TEXT NOT NULL DEFAULT 'SUGGESTED',
    "createdById" TEXT,
    "followUpAskedAt" DATETIME,
    "followUpAnswer" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Connection_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Connection_assetId_fkey" FOREIGN KEY ("assetId") REFERENCES "CommunityAsset" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Connection_whatMattersId_fkey" FOREIGN KEY ("whatMattersId") REFERENCES "WhatMattersItem" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "WhatDidntWork" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "organisationId" TEXT NOT NULL,
    "personId" TEXT,
    "assetId" TEXT,
    "serviceName" TEXT,
    "barrier" TEXT NOT NULL,
    "note" TEXT NOT NULL DEFAULT '',
    "createdById" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "WhatDidntWork_organisationId_fkey" FOREIGN KEY ("organisationId") REFERENCES "Organisation" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "WhatDidntWork_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "WhatDidntWork_assetId_fkey" FOREIGN KEY ("assetId") REFERENCES "CommunityAsset" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "CommunityAsset_organisationId_areaKey_idx" ON "CommunityAsset"("organisationId", "areaKey");

-- CreateIndex
CREATE INDEX "CommunityAsset_organisationId_name_idx" ON "CommunityAsset"("organisationId", "name");

-- CreateIndex
CREATE UNIQUE INDEX "CommunityAsset_organisationId_externalId_key" ON "CommunityAsset"("organisationId", "externalId");

-- CreateIndex
CREATE INDEX "AssetCategory_category_idx" ON "AssetCategory"("category");

-- CreateIndex
CREATE INDEX "Connection_personId_createdAt_idx" ON "Connection"("personId", "createdAt");

-- CreateIndex
CREATE INDEX "Connection_assetId_status_idx" ON "Connection"("assetId", "status");

-- CreateIndex
CREATE INDEX "WhatDidntWork_organisationId_createdAt_idx" ON "WhatDidntWork"("organisationId", "createdAt");
