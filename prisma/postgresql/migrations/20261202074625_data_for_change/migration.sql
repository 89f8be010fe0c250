-- CreateEnum
CREATE TYPE "ConnectionStatus" AS ENUM ('SUGGESTED', 'TRIED', 'STUCK_WITH_IT', 'DIDNT_WORK');

-- CreateEnum
CREATE TYPE "Barrier" AS ENUM ('REFUSED', 'NOT_WELCOMING', 'TRANSPORT', 'COST', 'TIMING', 'ACCESSIBILITY', 'WAITING_LIST', 'CLOSED', 'NO_RESPONSE', 'CONFIDENCE', 'OTHER');

-- CreateTable
CREATE TABLE "CommunityAsset" (
    "id" TEXT NOT NULL,
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
    "lastVerifiedAt" TIMESTAMP(3),
    "needsCheckSince" TIMESTAMP(3),
    "needsCheckReason" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CommunityAsset_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AssetCategory" (
    "assetId" TEXT NOT NULL,
    "category" "WhatMattersCategory" NOT NULL,

    CONSTRAINT "AssetCategory_pkey" PRIMARY KEY ("assetId","category")
);

-- CreateTable
CREATE TABLE "Connection" (
    "id" TEXT NOT NULL,
    "personId" TEXT NOT NULL,
    "assetId" TEXT NOT NULL,
    "whatMattersId" TEXT,
    "status" "ConnectionStatus" NOT NULL DEFAULT 'SUGGESTED',
    "createdById" TEXT,
    "followUpAskedAt" TIMESTAMP(3),
    "followUpAnswer" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Connection_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "WhatDidntWork" (
    "id" TEXT NOT NULL,
    "organisationId" TEXT NOT NULL,
    "personId" TEXT,
    "assetId" TEXT,
    "serviceName" TEXT,
    "barrier" "Barrier" NOT NULL,
    "note" TEXT NOT NULL DEFAULT '',
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "WhatDidntWork_pkey" PRIMARY KEY ("id")
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

-- AddForeignKey
ALTER TABLE "CommunityAsset" ADD CONSTRAINT "CommunityAsset_organisationId_fkey" FOREIGN KEY ("organisationId") REFERENCES "Organisation"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AssetCategory" ADD CONSTRAINT "AssetCategory_assetId_fkey" FOREIGN KEY ("assetId") REFERENCES "CommunityAsset"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Connection" ADD CONSTRAINT "Connection_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Connection" ADD CONSTRAINT "Connection_assetId_fkey" FOREIGN KEY ("assetId") REFERENCES "CommunityAsset"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Connection" ADD CONSTRAINT "Connection_whatMattersId_fkey" FOREIGN KEY ("whatMattersId") REFERENCES "WhatMattersItem"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "WhatDidntWork" ADD CONSTRAINT "WhatDidntWork_organisationId_fkey" FOREIGN KEY ("organisationId") REFERENCES "Organisation"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "WhatDidntWork" ADD CONSTRAINT "WhatDidntWork_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "WhatDidntWork" ADD CONSTRAINT "WhatDidntWork_assetId_fkey" FOREIGN KEY ("assetId") REFERENCES "CommunityAsset"("id") ON DELETE SET NULL ON UPDATE CASCADE;
